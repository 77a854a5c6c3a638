import { Inject, Injectable, OnModuleInit } from '@nestjs/common';
import { asc, gt } from 'drizzle-orm';
import type { Database } from '../database/database-connection.js';
import { DRIZZLE } from '../database/database.constants.js';
import { AccessTokenService } from './access-token.service.js';
import { sessions } from './sessions.schema.js';

/**
 * Revoked sessions whose access tokens may still be unexpired, checked on every request without a
 * database round trip. An entry is kept for one access-token lifetime after the revocation; later no
 * token of that session can still be valid. Reloaded from the database at start, so a restart does
 * not bring a logged-out token back. Per process: several instances need a shared store.
 */
@Injectable()
export class RevokedSessions implements OnModuleInit {
  private readonly until = new Map<string, number>();
  private readonly lifetimeMs: number;

  constructor(
    @Inject(DRIZZLE) private readonly db: Database,
    tokens: AccessTokenService,
  ) {
    this.lifetimeMs = tokens.ttlSeconds * 1000;
  }

  async onModuleInit(): Promise<void> {
    const since = new Date(Date.now() - this.lifetimeMs);
    const rows = await this.db
      .select({ id: sessions.id, revokedAt: sessions.revokedAt })
      .from(sessions)
      .where(gt(sessions.revokedAt, since))
      .orderBy(asc(sessions.revokedAt));
    for (const row of rows) this.add(row.id, row.revokedAt ?? new Date());
  }

  add(sessionId: string, revokedAt = new Date()): void {
    this.sweep();
    this.until.set(sessionId, revokedAt.getTime() + this.lifetimeMs);
  }

  has(sessionId: string): boolean {
    const until = this.until.get(sessionId);
    return until !== undefined && until > Date.now();
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
