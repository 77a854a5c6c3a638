import { Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { Role } from '../auth/role.enum.js';
import type { Environment } from '../config/environment.js';
import { UsersService } from './users.service.js';

/**
 * In any environment, FIRST_ADMIN_EMAIL and FIRST_ADMIN_PASSWORD create the first admin account
 * when the service has no enabled admin yet, so a production deployment can be administered.
 * An existing account with that email is never promoted: whoever registered it first may not be you.
 */
@Injectable()
export class FirstAdminSeeder implements OnApplicationBootstrap {
  private readonly logger = new Logger(FirstAdminSeeder.name);

  constructor(
    private readonly users: UsersService,
    private readonly config: ConfigService<Environment, true>,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const email = this.config.get('FIRST_ADMIN_EMAIL', { infer: true });
    const password = this.config.get('FIRST_ADMIN_PASSWORD', { infer: true });
    if (!email || !password || (await this.users.countEnabledAdmins()) > 0) return;

    if (await this.users.findCredentials(email)) {
      this.logger.warn(
        `FIRST_ADMIN_EMAIL ${email} already belongs to an account: not promoting it.`,
      );
      return;
    }
    await this.users.create(email, password, [Role.User, Role.Admin]);
    this.logger.log(`Created the first admin, ${email}. You can now unset FIRST_ADMIN_PASSWORD.`);
  }
}
