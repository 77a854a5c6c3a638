import { randomBytes } from 'node:crypto';
import pg from 'pg';

/**
 * With E2E_DATABASE_URL (a PostgreSQL database whose name marks it as a test one), each e2e file
 * gets a database of its own on that server, created before the app boots and dropped after the
 * file. Without it, each file uses a fresh in-memory PGlite.
 */
const serverUrl = process.env.E2E_DATABASE_URL;
const fileDatabase = `test_e2e_${process.pid}_${randomBytes(4).toString('hex')}`;

export function selectTestDatabase(): void {
  if (!serverUrl) {
    process.env.DATABASE_URL = ''; // empty beats a .env file's value: never the developer's database
    return;
  }
  const url = new URL(serverUrl);
  const name = decodeURIComponent(url.pathname.slice(1));
  if (!/(^|[_-])test([_-]|$)/i.test(name)) {
    throw new Error(`E2E_DATABASE_URL must name a test database (such as "test"), not "${name}".`);
  }
  url.pathname = `/${fileDatabase}`;
  process.env.DATABASE_URL = url.toString();
}

async function onServer(sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

let created: Promise<void> | undefined;

export function createTestDatabase(): Promise<void> {
  if (!serverUrl) return Promise.resolve();
  created ??= onServer(`CREATE DATABASE "${fileDatabase}"`);
  return created;
}

export async function dropTestDatabase(): Promise<void> {
  if (!created) return;
  await onServer(`DROP DATABASE IF EXISTS "${fileDatabase}" WITH (FORCE)`);
  created = undefined;
}
