import { sql } from 'drizzle-orm';
import { boolean, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import type { Role } from '../auth/role.enum.js';

export const users = pgTable('users', {
  id: uuid().primaryKey().defaultRandom(),
  /** Stored trimmed and lower-cased, so the unique index is case-insensitive. */
  email: text().notNull().unique(),
  passwordHash: text().notNull(),
  roles: text()
    .array()
    .$type<Role[]>()
    .notNull()
    .default(sql`'{user}'::text[]`),
  disabled: boolean().notNull().default(false),
  createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
});

export type UserRow = typeof users.$inferSelect;
