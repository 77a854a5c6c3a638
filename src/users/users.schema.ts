import { sql } from 'drizzle-orm';
import { boolean, index, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import type { Role } from '../auth/role.enum.js';

export const users = pgTable(
  'users',
  {
    id: uuid().primaryKey().defaultRandom(),
    /** Stored in canonical form (`canonicalEmail`), so the unique index ignores case and Unicode forms. */
    email: text().notNull().unique(),
    passwordHash: text().notNull(),
    roles: text()
      .array()
      .$type<Role[]>()
      .notNull()
      .default(sql`'{user}'::text[]`),
    disabled: boolean().notNull().default(false),
    /** Null until the user proves they receive mail at `email`. */
    emailVerifiedAt: timestamp({ withTimezone: true }),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [
    // The admin list: keyset order, an email prefix filter (whatever the collation), a role filter.
    index().on(table.createdAt, table.id),
    index('users_email_prefix_index').using('btree', table.email.op('text_pattern_ops')),
    index().using('gin', table.roles),
  ],
);

export type UserRow = typeof users.$inferSelect;
