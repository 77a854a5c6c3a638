// The servers the bench measures, each its own process: the built service on PGlite (in memory),
// the same on PostgreSQL when DATABASE_URL is set, and the references: bare Fastify, and the
// minimal Nest apps of reference-app.mjs on Fastify and on Express. With --profile each loads the
// profiler hook.
import { fileURLToPath } from 'node:url';
import { productionEnv, productionNodeArgs, startServer } from '../service-process.mjs';
import { ADMIN, JWT_SECRET } from './accounts.mjs';
import { settings } from './options.mjs';

export const BARE_SERVER = new URL('bare-server.mjs', import.meta.url);
export const REFERENCE_APP = new URL('reference-app.mjs', import.meta.url);
export const PROFILER_HOOK = new URL('profiler-hook.mjs', import.meta.url);

/** { pglite, bare, minimal, express, postgres? }, once each answers GET /health/live. */
export async function startServers(pinned) {
  const appEnv = (extra) =>
    productionEnv({
      logLevel: settings.logLevel,
      jwtSecret: JWT_SECRET,
      JWT_ACCESS_TTL: '86400', // the tokens made at the start outlive a long run
      AUTH_RATE_LIMIT: '1000000', // registrations from one address
      LOGIN_MAX_FAILURES: '1000000', // concurrent logins each hold a point until they succeed
      ...extra,
    });
  const reference = { JWT_SECRET, NODE_ENV: 'production' };
  const firstAdmin = { FIRST_ADMIN_EMAIL: ADMIN.email, FIRST_ADMIN_PASSWORD: ADMIN.password };
  const starting = {
    pglite: spawnServer('pglite', productionNodeArgs(), appEnv(firstAdmin), pinned),
    bare: spawnServer('bare', [fileURLToPath(BARE_SERVER)], {}, pinned),
    minimal: spawnServer('minimal', [fileURLToPath(REFERENCE_APP), 'fastify'], reference, pinned),
    express: spawnServer('express', [fileURLToPath(REFERENCE_APP), 'express'], reference, pinned),
  };
  if (process.env.DATABASE_URL) {
    const env = appEnv({ DATABASE_URL: process.env.DATABASE_URL });
    starting.postgres = spawnServer('postgres', productionNodeArgs(), env, pinned);
  }
  const started = Object.entries(starting).map(async ([name, server]) => [name, await server]);
  return Object.fromEntries(await Promise.all(started));
}

function spawnServer(name, nodeArgs, env, pinned) {
  const { profiling } = settings;
  const hook = profiling ? ['--import', PROFILER_HOOK.href] : [];
  return startServer({ name, nodeArgs: [...hook, ...nodeArgs], env, pinned, ipc: profiling });
}
