import { Inject, Injectable, Logger } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { and, eq, gt, inArray, isNotNull, isNull } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import { randomBytes } from 'node:crypto';
import type { Environment } from '../../config/environment.js';
import type { Database } from '../../database/database-connection.js';
import { DRIZZLE } from '../../database/database.constants.js';
import { RefusedCredentialsException } from '../exceptions/refused-credentials.exception.js';
import { hashRefreshToken, RefreshTokenSuccessors } from './refresh-token-successors.js';
import { RevokedSessions } from './revoked-sessions.js';
import { refreshTokens, sessions } from './sessions.schema.js';

export interface IssuedSession {
  userId: string;
  sessionId: string;
  refreshToken: string;
}

export const REFRESH_REFUSED = 'The refresh token is invalid, expired or already used.';

const successor = alias(refreshTokens, 'successor');

/**
 * Sessions and their single-use refresh tokens, rotated on every refresh (RFC 9700 §4.14.2). A
 * token presented again within REFRESH_REUSE_GRACE_SECONDS of its rotation (two tabs, a retry)
 * gets the same successor again; later, or once that successor is spent, it counts as reuse.
 */
@Injectable()
export class SessionsService {
  private readonly logger = new Logger(SessionsService.name);
  private readonly refreshTtlMs: number;
  private readonly graceMs: number;

  constructor(
    @Inject(DRIZZLE) private readonly db: Database,
    private readonly revoked: RevokedSessions,
    private readonly successors: RefreshTokenSuccessors,
    config: ConfigService<Environment, true>,
  ) {
    this.refreshTtlMs = config.get('REFRESH_TOKEN_TTL', { infer: true }) * 1000;
    this.graceMs = config.get('REFRESH_REUSE_GRACE_SECONDS', { infer: true }) * 1000;
  }

  start(userId: string, userAgent: string | null = null): Promise<IssuedSession> {
    return this.db.transaction(async (tx) => {
      const expiresAt = this.refreshExpiry();
      const [session] = await tx
        .insert(sessions)
        .values({ userId, expiresAt, userAgent })
        .returning({ id: sessions.id });
      const refreshToken = randomBytes(32).toString('base64url');
      await tx
        .insert(refreshTokens)
        .values({ sessionId: session.id, tokenHash: hashRefreshToken(refreshToken), expiresAt });
      return { userId, sessionId: session.id, refreshToken };
    });
  }

  /**
   * Spends a refresh token and issues its successor in the same session; within the grace period,
   * gives a spent token's unspent successor again. Otherwise a spent token means it leaked: the
   * whole session is revoked.
   */
  async rotate(refreshToken: string): Promise<IssuedSession> {
    const now = new Date();
    const issued =
      (await this.spend(refreshToken, now)) ?? (await this.repeatWithinGrace(refreshToken, now));
    if (issued) return issued;

    const reusedBy = await this.revokeIfReused(hashRefreshToken(refreshToken));
    throw reusedBy
      ? new RefusedCredentialsException(REFRESH_REFUSED, 'refresh_reuse', reusedBy)
      : new RefusedCredentialsException(REFRESH_REFUSED);
  }

  /** The session a refresh token belongs to, whatever its state. */
  async findByRefreshToken(
    refreshToken: string,
  ): Promise<{ id: string; userId: string } | undefined> {
    const [session] = await this.db
      .select({ id: sessions.id, userId: sessions.userId })
      .from(refreshTokens)
      .innerJoin(sessions, eq(sessions.id, refreshTokens.sessionId))
      .where(eq(refreshTokens.tokenHash, hashRefreshToken(refreshToken)));
    return session;
  }

  async revoke(sessionId: string): Promise<void> {
    const revokedAt = new Date();
    await this.db
      .update(sessions)
      .set({ revokedAt })
      .where(and(eq(sessions.id, sessionId), isNull(sessions.revokedAt)));
    await this.revoked.add(sessionId, revokedAt);
  }

  /**
   * The rotation proper. Of concurrent rotations of one token, one UPDATE matches; on PostgreSQL
   * the others wait for its row lock, then match nothing once it has committed, so what they read
   * next (repeatWithinGrace, a new statement under read committed) sees the committed successor.
   */
  private spend(refreshToken: string, now: Date): Promise<IssuedSession | undefined> {
    return this.db.transaction(async (tx) => {
      const liveSessions = tx
        .select({ id: sessions.id })
        .from(sessions)
        .where(isNull(sessions.revokedAt));
      const [spent] = await tx
        .update(refreshTokens)
        .set({ usedAt: now })
        .where(
          and(
            eq(refreshTokens.tokenHash, hashRefreshToken(refreshToken)),
            isNull(refreshTokens.usedAt),
            gt(refreshTokens.expiresAt, now),
            inArray(refreshTokens.sessionId, liveSessions),
          ),
        )
        .returning({ sessionId: refreshTokens.sessionId });
      if (!spent) return undefined;

      const expiresAt = this.refreshExpiry();
      const [session] = await tx
        .update(sessions)
        .set({ expiresAt, lastUsedAt: now })
        .where(eq(sessions.id, spent.sessionId))
        .returning({ userId: sessions.userId });
      const next = this.successors.of(refreshToken);
      await tx
        .insert(refreshTokens)
        .values({ sessionId: spent.sessionId, tokenHash: hashRefreshToken(next), expiresAt });
      return { userId: session.userId, sessionId: spent.sessionId, refreshToken: next };
    });
  }

  /** A token spent less than the grace period ago, in a live session, whose successor is unspent. */
  private async repeatWithinGrace(
    refreshToken: string,
    now: Date,
  ): Promise<IssuedSession | undefined> {
    if (this.graceMs === 0) return undefined;
    const candidates = new Map(
      this.successors.candidates(refreshToken).map((token) => [hashRefreshToken(token), token]),
    );
    const [found] = await this.db
      .select({
        sessionId: sessions.id,
        userId: sessions.userId,
        successorHash: successor.tokenHash,
      })
      .from(refreshTokens)
      .innerJoin(sessions, eq(sessions.id, refreshTokens.sessionId))
      .innerJoin(successor, eq(successor.sessionId, sessions.id))
      .where(
        and(
          eq(refreshTokens.tokenHash, hashRefreshToken(refreshToken)),
          gt(refreshTokens.usedAt, new Date(now.getTime() - this.graceMs)),
          isNull(sessions.revokedAt),
          inArray(successor.tokenHash, [...candidates.keys()]),
          isNull(successor.usedAt),
          gt(successor.expiresAt, now),
        ),
      );
    if (!found) return undefined;
    await this.db.update(sessions).set({ lastUsedAt: now }).where(eq(sessions.id, found.sessionId));
    const next = candidates.get(found.successorHash) as string;
    return { userId: found.userId, sessionId: found.sessionId, refreshToken: next };
  }

  /** A spent token of a live session was stolen or replayed: end that session. Returns its user. */
  private async revokeIfReused(tokenHash: string): Promise<string | undefined> {
    const [token] = await this.db
      .select({ sessionId: refreshTokens.sessionId, userId: sessions.userId })
      .from(refreshTokens)
      .innerJoin(sessions, eq(sessions.id, refreshTokens.sessionId))
      .where(
        and(
          eq(refreshTokens.tokenHash, tokenHash),
          isNotNull(refreshTokens.usedAt),
          isNull(sessions.revokedAt),
        ),
      );
    if (!token) return undefined;
    this.logger.warn(`Refresh token reused: revoking session ${token.sessionId}`);
    await this.revoke(token.sessionId);
    return token.userId;
  }

  private refreshExpiry(): Date {
    return new Date(Date.now() + this.refreshTtlMs);
  }
}
