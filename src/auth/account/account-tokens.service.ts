import { Inject, Injectable } from '@nestjs/common';
import { and, eq, gt, isNull } from 'drizzle-orm';
import { createHash, randomBytes } from 'node:crypto';
import type { Database } from '../../database/database-connection.js';
import { DRIZZLE } from '../../database/database.constants.js';
import { users } from '../../users/users.schema.js';
import { type AccountTokenPurpose, accountTokens } from './account-tokens.schema.js';

/** 32 random bytes: a fast hash is enough to store them safely, as for refresh tokens. */
const hashToken = (token: string) => createHash('sha256').update(token).digest('hex');

/**
 * The single-use tokens sent by email (password reset, email verification). Only their SHA-256
 * hash is stored: a copy of the database does not let anyone use one.
 */
@Injectable()
export class AccountTokens {
  constructor(@Inject(DRIZZLE) private readonly db: Database) {}

  /** A new token for the user and purpose, valid `ttlSeconds`; their older unused ones stop working. */
  async issue(userId: string, purpose: AccountTokenPurpose, ttlSeconds: number): Promise<string> {
    const token = randomBytes(32).toString('base64url');
    const expiresAt = new Date(Date.now() + ttlSeconds * 1000);
    await this.db.transaction(async (tx) => {
      // Locking the user serialises two requests at once, so only the newer token stays live.
      await tx.select({ id: users.id }).from(users).where(eq(users.id, userId)).for('update');
      await tx.delete(accountTokens).where(this.unused(userId, purpose));
      await tx
        .insert(accountTokens)
        .values({ userId, purpose, tokenHash: hashToken(token), expiresAt });
    });
    return token;
  }

  /**
   * Spends a token in one statement, so two requests with the same token cannot both succeed.
   * Returns the user it was issued to, or undefined if it is unknown, used, expired or for another
   * purpose. Within `executor` when given (a transaction), so the spending and its effect commit
   * together.
   */
  async consume(
    token: string,
    purpose: AccountTokenPurpose,
    executor: Pick<Database, 'update'> = this.db,
  ): Promise<string | undefined> {
    const now = new Date();
    const [spent] = await executor
      .update(accountTokens)
      .set({ usedAt: now })
      .where(
        and(
          eq(accountTokens.tokenHash, hashToken(token)),
          eq(accountTokens.purpose, purpose),
          isNull(accountTokens.usedAt),
          gt(accountTokens.expiresAt, now),
        ),
      )
      .returning({ userId: accountTokens.userId });
    return spent?.userId;
  }

  /** Withdraws the user's unused tokens of this purpose (a reset link, once the password changed). */
  async revokeAll(userId: string, purpose: AccountTokenPurpose): Promise<void> {
    await this.db.delete(accountTokens).where(this.unused(userId, purpose));
  }

  private unused(userId: string, purpose: AccountTokenPurpose) {
    return and(
      eq(accountTokens.userId, userId),
      eq(accountTokens.purpose, purpose),
      isNull(accountTokens.usedAt),
    );
  }
}
