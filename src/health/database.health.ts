import { Inject, Injectable } from '@nestjs/common';
import { HealthIndicatorService } from '@nestjs/terminus';
import { type DatabaseConnection, pingDatabase } from '../database/database-connection.js';
import { DATABASE_CONNECTION } from '../database/database.constants.js';

@Injectable()
export class DatabaseHealthIndicator {
  constructor(
    @Inject(DATABASE_CONNECTION) private readonly connection: DatabaseConnection,
    private readonly health: HealthIndicatorService,
  ) {}

  async isHealthy(key = 'database') {
    const indicator = this.health.check(key);
    try {
      await pingDatabase(this.connection.db);
      return indicator.up({ driver: this.connection.driver });
    } catch {
      return indicator.down({ driver: this.connection.driver });
    }
  }
}
