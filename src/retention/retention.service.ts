import {
  BeforeApplicationShutdown,
  Inject,
  Injectable,
  Logger,
  OnApplicationBootstrap,
} from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { SchedulerRegistry } from '@nestjs/schedule';
import { inArray, lt, or, type SQL } from 'drizzle-orm';
import type { PgColumn, PgTable } from 'drizzle-orm/pg-core';
import { accountTokens } from '../auth/account/account-tokens.schema.js';
import { refreshTokens, sessions } from '../auth/sessions/sessions.schema.js';
import type { Environment } from '../config/environment.js';
import type { Database } from '../database/database-connection.js';
import { DRIZZLE } from '../database/database.constants.js';
import { PeriodicTask } from '../scheduling/periodic-task.js';
import { UserAccessChanges } from '../users/user-access-changes.js';
import { userAccessChanges } from '../users/user-access-changes.schema.js';

export interface PrunedRows {
  sessions: number;
  refreshTokens: number;
  userAccessChanges: number;
  accountTokens: number;
}

const BATCH_SIZE = 1000;

/**
 * Deletes what no request can need any more: sessions expired or revoked longer than
 * SESSION_RETENTION ago (their refresh tokens go with them), refresh tokens spent or expired as long
 * ago, user access changes that no access token can predate any more, and account tokens (reset
 * links) used or expired as long ago.
 */
@Injectable()
export class RetentionService implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(RetentionService.name);
  private readonly retentionMs: number;
  private readonly accessChangeMs: number;
  private readonly intervalSeconds: number;
  private readonly schedule: PeriodicTask;
  private stopping = false;

  constructor(
    @Inject(DRIZZLE) private readonly db: Database,
    config: ConfigService<Environment, true>,
    registry: SchedulerRegistry,
    accessChanges: UserAccessChanges,
  ) {
    this.retentionMs = config.get('SESSION_RETENTION', { infer: true }) * 1000;
    // Twice its lifetime: a user's version counter starts again once their row is gone, so the row
    // must outlive every copy of it (memory and Redis hold one for a lifetime after publishing).
    this.accessChangeMs = accessChanges.lifetimeMs * 2;
    this.intervalSeconds = config.get('CLEANUP_INTERVAL', { infer: true });
    this.schedule = new PeriodicTask(registry, 'Cleanup', this.logger, () =>
      this.prune().then(() => undefined),
    );
  }

  onApplicationBootstrap(): void {
    this.schedule.start(this.intervalSeconds);
  }

  async beforeApplicationShutdown(): Promise<void> {
    this.stopping = true;
    await this.schedule.stop();
  }

  /** One cleanup run; also what the schedule calls. Safe while other instances run it too. */
  async prune(): Promise<PrunedRows> {
    const started = Date.now();
    const kept = new Date(started - this.retentionMs);
    const pruned: PrunedRows = {
      // Spent tokens of live sessions first; the sessions' deletion then cascades to the rest.
      refreshTokens: await this.deleteInBatches(
        refreshTokens,
        refreshTokens.id,
        or(lt(refreshTokens.usedAt, kept), lt(refreshTokens.expiresAt, kept)),
      ),
      sessions: await this.deleteInBatches(
        sessions,
        sessions.id,
        or(lt(sessions.expiresAt, kept), lt(sessions.revokedAt, kept)),
      ),
      userAccessChanges: await this.deleteInBatches(
        userAccessChanges,
        userAccessChanges.userId,
        lt(userAccessChanges.changedAt, new Date(started - this.accessChangeMs)),
      ),
      accountTokens: await this.deleteInBatches(
        accountTokens,
        accountTokens.id,
        or(lt(accountTokens.usedAt, kept), lt(accountTokens.expiresAt, kept)),
      ),
    };
    if (Object.values(pruned).some((count) => count > 0)) {
      this.logger.log(
        `Cleanup deleted ${pruned.sessions} sessions (with their refresh tokens), ` +
          `${pruned.refreshTokens} spent or expired refresh tokens, ` +
          `${pruned.userAccessChanges} user access changes and ` +
          `${pruned.accountTokens} used or expired account tokens in ${Date.now() - started} ms`,
      );
    }
    return pruned;
  }

  /**
   * Short statements of BATCH_SIZE rows, each its own transaction, rather than one advisory lock:
   * SKIP LOCKED lets instances running together take disjoint rows without waiting on each other
   * (no deadlock, no row deleted twice), holds no connection across batches, and works the same on
   * PGlite. A batch shorter than BATCH_SIZE means nothing is left (or another instance has it).
   */
  private async deleteInBatches(
    table: PgTable,
    key: PgColumn,
    condition: SQL | undefined,
  ): Promise<number> {
    let deleted = 0;
    while (!this.stopping) {
      const batch = this.db
        .select({ key })
        .from(table)
        .where(condition)
        .limit(BATCH_SIZE)
        .for('update', { skipLocked: true });
      const rows = await this.db.delete(table).where(inArray(key, batch)).returning({ key });
      deleted += rows.length;
      if (rows.length < BATCH_SIZE) break;
    }
    return deleted;
  }
}
