import type { INestApplicationContext } from '@nestjs/common';
import { type SQL, sql } from 'drizzle-orm';
import type { Database } from '../../src/database/database-connection.js';
import { DRIZZLE } from '../../src/database/database.constants.js';

/** Every row of every table in the public schema, as text, in a stable order. */
export type DatabaseFingerprint = Record<string, string[]>;

/**
 * Reads the whole database through the app's own connection (PGlite or PostgreSQL alike), so that
 * a test can prove that a refused request changed nothing, in any table, including tables added
 * later. A failing comparison names the table and shows the row that changed.
 */
export async function databaseFingerprint(
  app: INestApplicationContext,
): Promise<DatabaseFingerprint> {
  const db = app.get<Database>(DRIZZLE);
  const tables = await rowsOf<{ name: string }>(
    db,
    sql`select table_name as name from information_schema.tables
        where table_schema = 'public' and table_type = 'BASE TABLE' order by table_name`,
  );
  const fingerprint: DatabaseFingerprint = {};
  for (const { name } of tables) {
    const rows = await rowsOf<{ row: string }>(
      db,
      sql`select t::text as row from ${sql.identifier(name)} as t order by 1`,
    );
    fingerprint[name] = rows.map(({ row }) => row);
  }
  return fingerprint;
}

// Both drivers (node-postgres and PGlite) answer a raw query with `{ rows }`.
async function rowsOf<T>(db: Database, query: SQL): Promise<T[]> {
  const result = (await db.execute(query)) as unknown as { rows: T[] };
  return result.rows;
}
