import { Inject, Injectable } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { HealthIndicatorService } from '@nestjs/terminus';
import type { Environment } from '../config/environment.js';
import { NodeEnv } from '../config/environment-values.js';
import { type DatabaseConnection, pingDatabase } from '../database/database-connection.js';
import { DATABASE_CONNECTION } from '../database/database.constants.js';

/** Up or down; outside production also which driver, which in production is nobody's business. */
@Injectable()
export class DatabaseHealthIndicator {
  private readonly details: { driver?: string };

  constructor(
    @Inject(DATABASE_CONNECTION) private readonly connection: DatabaseConnection,
    private readonly health: HealthIndicatorService,
    config: ConfigService<Environment, true>,
  ) {
    const production = config.get('NODE_ENV', { infer: true }) === NodeEnv.Production;
    this.details = production ? {} : { driver: connection.driver };
  }

  async isHealthy(key = 'database') {
    const indicator = this.health.check(key);
    try {
      await pingDatabase(this.connection.db);
      return indicator.up(this.details);
    } catch {
      return indicator.down(this.details);
    }
  }
}
