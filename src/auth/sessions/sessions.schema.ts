import { index, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { users } from '../../users/users.schema.js';

/** One sign-in: the family of refresh tokens rotated from one login (RFC 9700 §4.14.2). */
export const sessions = pgTable(
  'sessions',
  {
    id: uuid().primaryKey().defaultRandom(),
    userId: uuid()
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    /** The last refresh (not the last request: that would be a write per request). */
    lastUsedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    /** The User-Agent of the login, shortened, so a user can tell their sessions apart. */
    userAgent: text(),
    /** When its newest refresh token expires: moved forward by every rotation. */
    expiresAt: timestamp({ withTimezone: true }).notNull(),
    revokedAt: timestamp({ withTimezone: true }),
  },
  (table) => [
    // A user's sessions in keyset order (the session list), and by user (revoke them all).
    index().on(table.userId, table.createdAt, table.id),
    index().on(table.revokedAt),
    index().on(table.expiresAt),
  ],
);

/** Opaque refresh tokens, stored as SHA-256 hashes; each is used once. */
export const refreshTokens = pgTable(
  'refresh_tokens',
  {
    id: uuid().primaryKey().defaultRandom(),
    sessionId: uuid()
      .notNull()
      .references(() => sessions.id, { onDelete: 'cascade' }),
    tokenHash: text().notNull().unique(),
    expiresAt: timestamp({ withTimezone: true }).notNull(),
    usedAt: timestamp({ withTimezone: true }),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [index().on(table.sessionId), index().on(table.expiresAt), index().on(table.usedAt)],
);
