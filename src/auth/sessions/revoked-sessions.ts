import { Inject, Injectable, OnModuleInit } from '@nestjs/common';
import { asc, gt } from 'drizzle-orm';
import type { Redis } from 'ioredis';
import type { Database } from '../../database/database-connection.js';
import { DRIZZLE } from '../../database/database.constants.js';
import { sharedStoreUnavailable } from '../../redis/redis-client.js';
import { REDIS } from '../../redis/redis.constants.js';
import { AccessTokenService } from './access-token.service.js';
import { sessions } from './sessions.schema.js';

const redisKey = (sessionId: string) => `revoked-session:${sessionId}`;

/**
 * Revoked sessions whose access tokens may still be unexpired, checked on every request without a
 * database round trip. An entry is kept for one access-token lifetime after the revocation; later no
 * token of that session can still be valid. The database stays the record: recent revocations are
 * reloaded at start (and into Redis whenever it comes back, as it may have lost its keys).
 * Without Redis the list is per process; with it, a revocation on one instance binds all of them,
 * and a Redis outage fails requests closed (503) rather than open.
 */
@Injectable()
export class RevokedSessions implements OnModuleInit {
  private readonly until = new Map<string, number>();
  private readonly lifetimeMs: number;

  constructor(
    @Inject(DRIZZLE) private readonly db: Database,
    @Inject(REDIS) private readonly redis: Redis | null,
    tokens: AccessTokenService,
  ) {
    this.lifetimeMs = tokens.ttlSeconds * 1000;
  }

  async onModuleInit(): Promise<void> {
    await this.reload();
    this.redis?.on('ready', () => void this.reload().catch(() => undefined));
  }

  add(sessionId: string, revokedAt = new Date()): Promise<void> {
    return this.addAll([sessionId], revokedAt);
  }

  /** Sessions revoked together: with Redis, one round trip (a pipeline) for all of them. */
  async addAll(sessionIds: readonly string[], revokedAt = new Date()): Promise<void> {
    const until = revokedAt.getTime() + this.lifetimeMs;
    this.sweep();
    for (const sessionId of sessionIds) this.until.set(sessionId, until);
    if (!this.redis || until <= Date.now() || sessionIds.length === 0) return;
    const pipeline = this.redis.pipeline();
    for (const sessionId of sessionIds) pipeline.set(redisKey(sessionId), '1', 'PXAT', until);
    try {
      const results = (await pipeline.exec()) ?? [];
      const failed = results.find(([error]) => error);
      if (failed) throw failed[0];
    } catch (error) {
      throw sharedStoreUnavailable(error);
    }
  }

  async has(sessionId: string): Promise<boolean> {
    const until = this.until.get(sessionId);
    if (until !== undefined && until > Date.now()) return true;
    if (!this.redis) return false;
    try {
      return (await this.redis.exists(redisKey(sessionId))) === 1;
    } catch (error) {
      throw sharedStoreUnavailable(error);
    }
  }

  private async reload(): Promise<void> {
    const since = new Date(Date.now() - this.lifetimeMs);
    const rows = await this.db
      .select({ id: sessions.id, revokedAt: sessions.revokedAt })
      .from(sessions)
      .where(gt(sessions.revokedAt, since))
      .orderBy(asc(sessions.revokedAt));
    for (const row of rows) await this.add(row.id, row.revokedAt ?? new Date());
  }

  /** Entries are added in (nearly) expiry order, so expired ones sit at the front of the map. */
  private sweep(): void {
    const now = Date.now();
    for (const [sessionId, until] of this.until) {
      if (until > now) break;
      this.until.delete(sessionId);
    }
  }
}
