import { Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { Role } from '../auth/role.enum.js';
import { NodeEnv, type Environment } from '../config/environment.js';
import { UsersService } from './users.service.js';

export const DEMO_PASSWORD = 'demo-password';
export const DEMO_USERS = [
  { email: 'admin@example.com', roles: [Role.User, Role.Admin] },
  { email: 'user@example.com', roles: [Role.User] },
];

/** Outside production, an empty database gets two demo accounts so the API can be tried at once. */
@Injectable()
export class DemoUsersSeeder implements OnApplicationBootstrap {
  private readonly logger = new Logger(DemoUsersSeeder.name);

  constructor(
    private readonly users: UsersService,
    private readonly config: ConfigService<Environment, true>,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const production = this.config.get('NODE_ENV', { infer: true }) === NodeEnv.Production;
    if (production || !this.config.get('SEED_DEMO_DATA', { infer: true })) return;
    if ((await this.users.count()) > 0) return;

    for (const { email, roles } of DEMO_USERS) {
      await this.users.create(email, DEMO_PASSWORD, roles);
    }
    this.logger.warn(
      `Seeded demo accounts ${DEMO_USERS.map((u) => u.email).join(' and ')} with password ` +
        `"${DEMO_PASSWORD}". For local use only: never in production (SEED_DEMO_DATA=false turns this off).`,
    );
  }
}
