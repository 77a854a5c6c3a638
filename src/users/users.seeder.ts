import { ConflictException, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { Role } from '../auth/role.enum.js';
import { type Environment } from '../config/environment.js';
import { NodeEnv } from '../config/environment-values.js';
import { UsersService } from './users.service.js';

export const DEMO_PASSWORD = 'demo-password';
export const DEMO_USERS = [
  { email: 'admin@example.com', roles: [Role.User, Role.Admin] },
  { email: 'user@example.com', roles: [Role.User] },
];

/** Accounts created at start, in order: the configured first admin, then the demo accounts. */
@Injectable()
export class UsersSeeder implements OnApplicationBootstrap {
  private readonly logger = new Logger(UsersSeeder.name);
  /** The demo accounts the database holds while demo data is on, for the start-up banner. */
  demoAccounts: typeof DEMO_USERS = [];

  constructor(
    private readonly users: UsersService,
    private readonly config: ConfigService<Environment, true>,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const empty = (await this.users.count()) === 0;
    await this.createFirstAdmin();
    const production = this.config.get('NODE_ENV', { infer: true }) === NodeEnv.Production;
    if (!production && this.config.get('SEED_DEMO_DATA', { infer: true })) {
      if (empty) await this.createDemoUsers();
      this.demoAccounts = await this.presentDemoUsers();
    }
  }

  /**
   * In any environment, FIRST_ADMIN_EMAIL and FIRST_ADMIN_PASSWORD create an admin while the service
   * has no enabled one, so a production deployment can be administered. An existing account with
   * that email is never promoted: whoever registered it first may not be you.
   */
  private async createFirstAdmin(): Promise<void> {
    const email = this.config.get('FIRST_ADMIN_EMAIL', { infer: true });
    const password = this.config.get('FIRST_ADMIN_PASSWORD', { infer: true });
    if (!email || !password || (await this.users.countEnabledAdmins()) > 0) return;

    if (await this.users.findCredentials(email)) {
      this.logger.warn(
        `FIRST_ADMIN_EMAIL ${email} already belongs to an account: not promoting it.`,
      );
      return;
    }
    if (await this.createIfAbsent(email, password, [Role.User, Role.Admin])) {
      this.logger.log(`Created the first admin, ${email}. FIRST_ADMIN_PASSWORD can now be unset.`);
    }
  }

  /** Outside production, an empty database gets two demo accounts so the API can be tried at once. */
  private async createDemoUsers(): Promise<void> {
    for (const { email, roles } of DEMO_USERS) {
      await this.createIfAbsent(email, DEMO_PASSWORD, roles);
    }
    this.logger.warn(
      `Seeded demo accounts ${DEMO_USERS.map((u) => u.email).join(' and ')} (their password is in ` +
        'the start-up banner). For local use only: never in production (SEED_DEMO_DATA=false turns this off).',
    );
  }

  private async presentDemoUsers(): Promise<typeof DEMO_USERS> {
    const present = [];
    for (const account of DEMO_USERS) {
      if (await this.users.findCredentials(account.email)) present.push(account);
    }
    return present;
  }

  /**
   * Instances starting together may race to seed: the one that loses finds the account there.
   * The operator chose these addresses, so they count as verified.
   */
  private async createIfAbsent(email: string, password: string, roles: Role[]): Promise<boolean> {
    try {
      await this.users.create(email, password, roles, true);
      return true;
    } catch (error) {
      if (error instanceof ConflictException) return false;
      throw error;
    }
  }
}
