import {
  BeforeApplicationShutdown,
  Global,
  Inject,
  Logger,
  Module,
  OnApplicationShutdown,
} from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import type { Environment } from '../config/environment.js';
import { type DatabaseConnection, openDatabase } from './database-connection.js';
import { DATABASE_CONNECTION, DRIZZLE } from './database.constants.js';
import { PgliteMaintenance } from './pglite-maintenance.js';

@Global()
@Module({
  providers: [
    {
      provide: DATABASE_CONNECTION,
      inject: [ConfigService],
      useFactory: (config: ConfigService<Environment, true>) =>
        openDatabase({
          url: config.get('DATABASE_URL', { infer: true }),
          dataDir: config.get('PGLITE_DATA_DIR', { infer: true }),
          poolMax: config.get('DATABASE_POOL_MAX', { infer: true }),
          statementTimeoutMs: config.get('DATABASE_STATEMENT_TIMEOUT_MS', { infer: true }),
          connectTimeoutMs: config.get('DATABASE_CONNECT_TIMEOUT_MS', { infer: true }),
          ssl: config.get('DATABASE_SSL', { infer: true }),
        }),
    },
    {
      provide: DRIZZLE,
      inject: [DATABASE_CONNECTION],
      useFactory: (connection: DatabaseConnection) => connection.db,
    },
    PgliteMaintenance,
  ],
  exports: [DATABASE_CONNECTION, DRIZZLE],
})
export class DatabaseModule implements BeforeApplicationShutdown, OnApplicationShutdown {
  private readonly logger = new Logger(DatabaseModule.name);

  constructor(@Inject(DATABASE_CONNECTION) private readonly connection: DatabaseConnection) {}

  // Logged before closing: once Nest has shut down it re-raises the signal, and a later line may be lost.
  beforeApplicationShutdown(signal?: string): void {
    this.logger.log(`Shutting down${signal ? ` on ${signal}` : ''}: closing the database`);
  }

  onApplicationShutdown(): Promise<void> {
    return this.connection.close();
  }
}
