import { Inject, Injectable, Logger } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { and, eq, gt, inArray, isNotNull, isNull } from 'drizzle-orm';
import { createHash, randomBytes } from 'node:crypto';
import type { Environment } from '../../config/environment.js';
import type { Database } from '../../database/database-connection.js';
import { DRIZZLE } from '../../database/database.constants.js';
import { RefusedCredentialsException } from '../exceptions/refused-credentials.exception.js';
import { RevokedSessions } from './revoked-sessions.js';
import { refreshTokens, sessions } from './sessions.schema.js';

export interface IssuedSession {
  userId: string;
  sessionId: string;
  refreshToken: string;
}

export const REFRESH_REFUSED = 'The refresh token is invalid, expired or already used.';

/** Refresh tokens are random and high-entropy, so a fast hash is enough to store them safely. */
const hashToken = (token: string) => createHash('sha256').update(token).digest('hex');

/** Sessions and their single-use refresh tokens, rotated on every refresh (RFC 9700 §4.14.2). */
@Injectable()
export class SessionsService {
  private readonly logger = new Logger(SessionsService.name);
  private readonly refreshTtlMs: number;

  constructor(
    @Inject(DRIZZLE) private readonly db: Database,
    private readonly revoked: RevokedSessions,
    config: ConfigService<Environment, true>,
  ) {
    this.refreshTtlMs = config.get('REFRESH_TOKEN_TTL', { infer: true }) * 1000;
  }

  start(userId: string): Promise<IssuedSession> {
    return this.db.transaction(async (tx) => {
      const expiresAt = this.refreshExpiry();
      const [session] = await tx
        .insert(sessions)
        .values({ userId, expiresAt })
        .returning({ id: sessions.id });
      const refreshToken = await this.issueRefreshToken(tx, session.id, expiresAt);
      return { userId, sessionId: session.id, refreshToken };
    });
  }

  /**
   * Spends a refresh token and issues its successor in the same session. Presenting a token that was
   * already spent means it leaked: the whole session is revoked.
   */
  async rotate(refreshToken: string): Promise<IssuedSession> {
    const tokenHash = hashToken(refreshToken);
    const now = new Date();
    const rotated = await this.db.transaction(async (tx) => {
      const liveSessions = tx
        .select({ id: sessions.id })
        .from(sessions)
        .where(isNull(sessions.revokedAt));
      const [spent] = await tx
        .update(refreshTokens)
        .set({ usedAt: now })
        .where(
          and(
            eq(refreshTokens.tokenHash, tokenHash),
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
        .set({ expiresAt })
        .where(eq(sessions.id, spent.sessionId))
        .returning({ userId: sessions.userId });
      const successor = await this.issueRefreshToken(tx, spent.sessionId, expiresAt);
      return { userId: session.userId, sessionId: spent.sessionId, refreshToken: successor };
    });
    if (rotated) return rotated;

    const reusedBy = await this.revokeIfReused(tokenHash);
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
      .where(eq(refreshTokens.tokenHash, hashToken(refreshToken)));
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

  private async issueRefreshToken(
    tx: Pick<Database, 'insert'>,
    sessionId: string,
    expiresAt: Date,
  ): Promise<string> {
    const token = randomBytes(32).toString('base64url');
    await tx.insert(refreshTokens).values({ sessionId, tokenHash: hashToken(token), expiresAt });
    return token;
  }
}
