import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { sql } from 'drizzle-orm';
import { drizzle as drizzlePg } from 'drizzle-orm/node-postgres';
import { migrate as migratePg } from 'drizzle-orm/node-postgres/migrator';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import pg from 'pg';

export type Database = PgDatabase<PgQueryResultHKT>;

export interface DatabaseConnection {
  readonly db: Database;
  readonly driver: 'pglite' | 'postgres';
  close(): Promise<void>;
}

/** The SQL migrations written by drizzle-kit (`npm run db:generate`), applied at start on both drivers. */
export const MIGRATIONS_FOLDER = resolve('drizzle');
const casing = 'snake_case';

/** Real PostgreSQL when a URL is given, otherwise the embedded PGlite in `dataDir` (or `memory://`). */
export async function openDatabase(options: {
  url?: string;
  dataDir: string;
}): Promise<DatabaseConnection> {
  if (options.url) {
    const pool = new pg.Pool({ connectionString: options.url });
    const db = drizzlePg({ client: pool, casing });
    try {
      await migratePg(db, { migrationsFolder: MIGRATIONS_FOLDER });
    } catch (error) {
      await pool.end();
      throw new Error(`Cannot prepare the PostgreSQL database: ${(error as Error).message}`, {
        cause: error,
      });
    }
    return { db, driver: 'postgres', close: () => pool.end() };
  }

  if (!options.dataDir.startsWith('memory://')) {
    mkdirSync(options.dataDir, { recursive: true });
  }
  const client = await PGlite.create(options.dataDir).catch((error: unknown) => {
    throw new Error(
      `Cannot open the embedded database in ${options.dataDir} (is another process using it?): ${String(error)}`,
      { cause: error },
    );
  });
  const db = drizzlePglite({ client, casing });
  await migratePglite(db, { migrationsFolder: MIGRATIONS_FOLDER });
  return { db, driver: 'pglite', close: () => client.close() };
}

export async function pingDatabase(db: Database): Promise<void> {
  await db.execute(sql`select 1`);
}
