import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { Logger } from '@nestjs/common';
import { sql } from 'drizzle-orm';
import { drizzle as drizzlePg } from 'drizzle-orm/node-postgres';
import { migrate as migratePg } from 'drizzle-orm/node-postgres/migrator';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import pg from 'pg';
import { redactUrl } from '../config/redact-url.js';
import { isEmptyDataDir, PgliteTemplate } from './pglite-template.js';

export type Database = PgDatabase<PgQueryResultHKT>;

const logger = new Logger('Database');

export interface DatabaseConnection {
  readonly db: Database;
  readonly driver: 'pglite' | 'postgres';
  close(): Promise<void>;
}

/** The SQL migrations written by drizzle-kit (`npm run db:generate`), applied at start on both drivers. */
export const MIGRATIONS_FOLDER = resolve('drizzle');
const casing = 'snake_case';

export interface DatabaseOptions {
  url?: string;
  dataDir: string;
  poolMax: number;
  statementTimeoutMs: number;
  connectTimeoutMs: number;
  ssl?: 'require' | 'verify-full';
}

/** Any fixed number: the advisory lock that lets one instance at a time apply migrations. */
const MIGRATION_LOCK = 7_254_311;

/** Real PostgreSQL when a URL is given, otherwise the embedded PGlite in `dataDir` (or `memory://`). */
export async function openDatabase(options: DatabaseOptions): Promise<DatabaseConnection> {
  if (options.url) {
    const pool = new pg.Pool({
      connectionString: options.url,
      max: options.poolMax,
      statement_timeout: options.statementTimeoutMs || undefined,
      connectionTimeoutMillis: options.connectTimeoutMs,
      ...(options.ssl && { ssl: { rejectUnauthorized: options.ssl === 'verify-full' } }),
    });
    // An idle connection the server ends (restart, failover) must not crash the process.
    pool.on('error', (error) => logger.warn(`PostgreSQL connection lost: ${error.message}`));
    try {
      await migrateOnce(pool);
    } catch (error) {
      await pool.end();
      throw new Error(
        `Cannot connect to or migrate the PostgreSQL database at ${redactUrl(options.url)}: ${(error as Error).message}`,
        { cause: error },
      );
    }
    return {
      db: drizzlePg({ client: pool, casing }),
      driver: 'postgres',
      close: once(() => pool.end()),
    };
  }

  if (!options.dataDir.startsWith('memory://')) {
    mkdirSync(options.dataDir, { recursive: true });
  }
  const template = isEmptyDataDir(options.dataDir)
    ? new PgliteTemplate(MIGRATIONS_FOLDER)
    : undefined;
  const loadDataDir = template?.load();
  const client = await PGlite.create(options.dataDir, { ...PGLITE_OPTIONS, loadDataDir }).catch(
    (error: unknown) => {
      throw new Error(
        `Cannot open the embedded database in ${options.dataDir} (is another process using it?): ${String(error)}`,
        { cause: error },
      );
    },
  );
  const db = drizzlePglite({ client, casing });
  await migratePglite(db, { migrationsFolder: MIGRATIONS_FOLDER });
  if (template && !loadDataDir) await template.save(client);
  return { db, driver: 'pglite', close: once(() => client.close()) };
}

/**
 * PGlite's PostgreSQL touches all of its shared memory at start, so shared_buffers (128 MB by
 * default) is resident at once; 16 MB is plenty for the embedded database and saves 120–175 MB.
 */
const SMALL_SHARED_BUFFERS = ['-c', 'shared_buffers=16MB'];
const PGLITE_OPTIONS = {
  startParams: [...PGlite.defaultStartParams, ...SMALL_SHARED_BUFFERS],
  initDbStartParams: SMALL_SHARED_BUFFERS,
};

/** Several instances may start together: the advisory lock makes them migrate one after another. */
async function migrateOnce(pool: pg.Pool): Promise<void> {
  const client = await pool.connect();
  try {
    await client.query('select pg_advisory_lock($1)', [MIGRATION_LOCK]);
    await migratePg(drizzlePg({ client, casing }), { migrationsFolder: MIGRATIONS_FOLDER });
  } finally {
    await client.query('select pg_advisory_unlock($1)', [MIGRATION_LOCK]).catch(() => undefined);
    client.release();
  }
}

/** Closing twice (a test that closes the database under the app, then the app) is harmless. */
function once(close: () => Promise<void>): () => Promise<void> {
  let closing: Promise<void> | undefined;
  return () => (closing ??= close());
}

export async function pingDatabase(db: Database): Promise<void> {
  await db.execute(sql`select 1`);
}
