import { boolean, index, integer, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import type { Role } from '../auth/role.enum.js';

/**
 * The users whose roles, status or verified email changed (or who were deleted) within the last access-token
 * lifetime: the only users for whom an access token's own claims may be out of date. No foreign
 * key, so a deletion is remembered too; rows older than a token lifetime are pruned.
 */
export const userAccessChanges = pgTable(
  'user_access_changes',
  {
    userId: uuid().primaryKey(),
    /** Bumped by every change, so that the newest state wins wherever it is copied. */
    version: integer().notNull(),
    email: text().notNull(),
    roles: text().array().$type<Role[]>().notNull(),
    /** Disabled or deleted: every access token of the user is refused. */
    refused: boolean().notNull(),
    emailVerified: boolean().notNull().default(false),
    changedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [index().on(table.changedAt)],
);
