import {
  BeforeApplicationShutdown,
  Inject,
  Injectable,
  Logger,
  OnApplicationBootstrap,
} from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { SchedulerRegistry } from '@nestjs/schedule';
import { sql } from 'drizzle-orm';
import type { Environment } from '../config/environment.js';
import { PeriodicTask } from '../scheduling/periodic-task.js';
import type { DatabaseConnection } from './database-connection.js';
import { DATABASE_CONNECTION } from './database.constants.js';

/**
 * What a PostgreSQL server's background processes do, for the embedded one: PGlite runs PostgreSQL
 * in single-user mode, with neither checkpointer nor autovacuum. Without CHECKPOINT no WAL segment
 * is ever recycled (max_wal_size only asks the checkpointer), so pg_wal grows with every write;
 * without VACUUM deleted rows never free their space, so tables and the WAL they produce keep
 * growing too. Measured in docs/retention.md.
 */
@Injectable()
export class PgliteMaintenance implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(PgliteMaintenance.name);
  private readonly schedule: PeriodicTask;
  private readonly intervalSeconds: number;

  constructor(
    @Inject(DATABASE_CONNECTION) private readonly connection: DatabaseConnection,
    config: ConfigService<Environment, true>,
    registry: SchedulerRegistry,
  ) {
    this.intervalSeconds = config.get('PGLITE_CHECKPOINT_INTERVAL', { infer: true });
    this.schedule = new PeriodicTask(registry, 'PGlite maintenance', this.logger, () => this.run());
  }

  onApplicationBootstrap(): void {
    if (this.connection.driver === 'pglite') this.schedule.start(this.intervalSeconds);
  }

  beforeApplicationShutdown(): Promise<void> {
    return this.schedule.stop();
  }

  /** VACUUM first, so the checkpoint also flushes the pages it cleaned. */
  async run(): Promise<void> {
    const started = Date.now();
    await this.connection.db.execute(sql`vacuum`);
    await this.connection.db.execute(sql`checkpoint`);
    this.logger.debug(`Vacuum and checkpoint in ${Date.now() - started} ms`);
  }
}
