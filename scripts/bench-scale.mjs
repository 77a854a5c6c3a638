#!/usr/bin/env node
// Scale bench: whether the service's costs stay flat as its data grows, on PostgreSQL. The built
// service (a separate process, loopback only, pinned like the auth bench's) is measured in three
// phases, each against its own small baseline in the same run:
//   1. guarded GET /auth/me over N distinct users' tokens against 100 users' (throughput ratio), the
//      database's transaction counter during those requests, and the service's RSS after them;
//   2. a list (GET /products?limit=20, first page and a page ten cursors in) with 1,000 rows and
//      then with many more: p99 ratio and response size;
//   3. sessions and refresh_tokens rows after a soak of logins and refreshes, once their lifetimes
//      and the retention have passed and the cleanup has run, against the sessions still live.
// Phase 2 runs on the first service while phase 3's second service waits for lifetimes to pass.
// The phases live in scripts/scale/; docs/scale.md describes them.
//
//   npm run build
//   DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench npm run bench -- --scale          full
//   DATABASE_URL=... npm run bench -- --scale --quick      20,000 users, 100,000 rows (CI)
//   DATABASE_URL=... npm run bench -- --scale --users 50000 --rows 200000 --seconds 5
//   DATABASE_URL=... npm run bench -- --scale --quick --phases 1,2      some phases only
//
// DATABASE_URL names a database the bench may fill (users, products, sessions); rows from an earlier
// run (marked by their email or name) are deleted first. Results: a table on stdout, JSON in
// .data/bench/scale-latest.json and .data/bench/scale-<time>.json. Targets are reported, not
// enforced: exits 1 only when the bench itself breaks (a dead server, an unexpected status).
import { existsSync } from 'node:fs';
import os from 'node:os';
import { markdownTable, writeReport } from './bench-report.mjs';
import { hasRoute } from './service-client.mjs';
import {
  pinLoadGenerator,
  productionEnv,
  productionNodeArgs,
  startServer,
  stopAll,
  stopServer,
  stopServersOnExit,
} from './service-process.mjs';
import {
  guardResults,
  measureGuard,
  TOKEN_LIFETIME_SECONDS,
  transactionCounter,
} from './scale/guard-phase.mjs';
import { listResults, measureList } from './scale/list-phase.mjs';
import { secondsSince } from './scale/measure.mjs';
import { soakSessions, tableResults } from './scale/sessions-phase.mjs';

const args = process.argv.slice(2);
const option = (name) => (args.includes(name) ? args[args.indexOf(name) + 1] : undefined);
const quick = args.includes('--quick');
const settings = {
  quick,
  // Quick: more users than an in-process cache of 10,000 entries holds, so that a cache cannot
  // hide a database read per request.
  users: Number(option('--users')) || (quick ? 20_000 : 100_000),
  rows: Number(option('--rows')) || (quick ? 100_000 : 1_000_000),
  runSeconds: Number(option('--seconds')) || (quick ? 2 : 8),
  soakSeconds: quick ? 10 : 60,
  phases: (option('--phases') ?? '1,2,3').split(','),
  logLevel: option('--log-level') ?? 'info', // the service's default, production included
  jwtSecret: 'scale-bench-signing-secret-of-at-least-32-bytes',
};

await main();

async function main() {
  const url = process.env.DATABASE_URL;
  if (!url) {
    console.error(
      'The scale bench runs on PostgreSQL and fills the database it is given: set DATABASE_URL, ' +
        'e.g. DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench npm run bench -- --scale',
    );
    process.exitCode = 1;
    return;
  }
  if (!existsSync('dist/main.js')) {
    console.error('No dist/main.js: run `npm run build` first.');
    process.exitCode = 1;
    return;
  }
  const { default: autocannon } = await import('autocannon');
  const { default: pg } = await import('pg');
  const startedAt = new Date();
  const pinned = pinLoadGenerator();
  stopServersOnExit();
  printSetup(pinned);
  const loadBefore = os.loadavg()[0];

  const db = new pg.Client({ connectionString: url });
  await db.connect();
  const counter = await transactionCounter(pg, url, db);
  const serviceEnv = (extra) =>
    productionEnv({
      logLevel: settings.logLevel,
      jwtSecret: settings.jwtSecret,
      DATABASE_URL: url,
      AUTH_RATE_LIMIT: '1000000', // registrations and refreshes from one address
      LOGIN_MAX_FAILURES: '1000000', // concurrent logins each hold a point until they succeed
      ...extra,
    });
  const context = { autocannon, db, settings, serviceEnv, pinned };
  const phase = (number) => settings.phases.includes(String(number));
  const durations = {};
  const timed = async (name, work) => {
    const started = Date.now();
    try {
      return await work();
    } finally {
      durations[name] = secondsSince(started);
    }
  };
  const failures = [];
  try {
    const postgres = (await db.query('show server_version')).rows[0].server_version;
    // The service creates the tables (its migrations) on a fresh database.
    // Phase 1 signs its own tokens, for longer than the default JWT_ACCESS_TTL.
    const env = serviceEnv({ JWT_ACCESS_TTL: String(TOKEN_LIFETIME_SECONDS) });
    const service = await startServer({
      name: 'service',
      nodeArgs: productionNodeArgs(),
      env,
      pinned,
    });
    await timed('removePreviousRun', () => removePreviousRun(db));
    const guard = phase(1)
      ? await timed('guard', () => measureGuard(context, service, counter))
      : undefined;
    // Phase 3 mostly waits for lifetimes to pass: phase 2 runs, on the first service, meanwhile.
    const soak = phase(3) ? await timed('soak', () => soakSessions(context)) : undefined;
    let list;
    if (phase(2) && !(await hasRoute(service.base, '/products'))) {
      console.log('No catalogue sample (GET /products is 404): skipping phase 2.');
    } else if (phase(2)) {
      list = await timed('list', () => measureList(context, service));
    }
    await stopServer(service);
    const tables = soak ? await timed('retention', () => soak.finish()) : undefined;

    const results = [
      guard && guardResults(guard),
      list && listResults(list),
      tables && tableResults(tables),
    ].filter(Boolean);
    const report = {
      startedAt: startedAt.toISOString(),
      machine: {
        cpus: os.cpus().length,
        model: os.cpus()[0]?.model,
        node: process.version,
        postgres,
        pinned: pinned ? 'servers on CPU 1, load generator on CPU 0 (taskset)' : 'not pinned',
        loadAverage: { before: loadBefore, after: os.loadavg()[0] },
      },
      settings: { ...settings, jwtSecret: undefined },
      guard,
      list,
      tables,
      checks: results.flatMap((result) => result.checks),
      secondsPerPhase: durations,
      seconds: Math.round((Date.now() - startedAt.getTime()) / 1000),
      failures,
    };
    printReport(report, results);
    writeReport(report, { name: 'scale', stamp: stampOf(startedAt), latest: 'scale-latest.json' });
  } catch (error) {
    failures.push(error instanceof Error ? error.message : String(error));
  } finally {
    await stopAll();
    await counter.close();
    await db.end();
  }
  if (failures.length > 0) {
    console.error(`Scale bench FAILED:\n  - ${failures.join('\n  - ')}`);
    process.exitCode = 1;
  }
}

/** Rows an earlier run left (the phases' emails and names): users, their sessions, products. */
async function removePreviousRun(db) {
  const users = await db.query(`delete from users where email like 'scale-%@example.test'`);
  // The catalogue is a sample: after `npm run samples:remove` its table is gone.
  const { rows } = await db.query(`select to_regclass('products') is not null as present`);
  const products = rows[0].present
    ? await db.query(`delete from products where name like 'Scale product %'`)
    : { rowCount: 0 };
  if (users.rowCount + products.rowCount > 0) {
    console.log(
      `Removed an earlier run's rows: ${users.rowCount} users, ${products.rowCount} products.`,
    );
  }
}

function printSetup(pinned) {
  const { users, rows, runSeconds } = settings;
  console.log(
    `Scale bench${quick ? ' (quick)' : ''}: ${users} users, ${rows} rows, ${runSeconds} s runs, ` +
      `phases ${settings.phases.join(', ')}.`,
  );
  console.log(
    pinned
      ? 'Pinned with taskset: the services on CPU 1, the load generator (this process) on CPU 0; PostgreSQL is not pinned.'
      : 'Not pinned (taskset or a second CPU missing): services and load generator share the CPUs.',
  );
  const load = os.loadavg()[0];
  if (load > 0.5) {
    console.log(`Load average ${load.toFixed(2)} before the start: the figures may be noisy.`);
  }
}

/** Each result: a note, its checks, and rows [phase, measure, baseline, at scale, ratio, target, check]. */
function printReport(report, results) {
  const text = (value) => (value === undefined || value === null ? '' : String(value));
  const verdict = (result) => (result ? (result.pass ? 'PASS' : 'MISS') : '');
  console.log(`\n${results.map((result) => result.note).join('\n')}\n`);
  const header = ['phase', 'measure', 'baseline', 'at scale', 'ratio', 'target', 'result'];
  const cells = results
    .flatMap((result) => result.rows)
    .map(([phase, measure, baseline, atScale, ratio, target, result]) => [
      phase,
      measure,
      ...[baseline, atScale, ratio, target].map(text),
      verdict(result),
    ]);
  console.log(markdownTable([header, ...cells], 2));
  const { machine } = report;
  const phases = Object.entries(report.secondsPerPhase).map(([name, s]) => `${name} ${s} s`);
  console.log(
    `\n${machine.cpus} x ${machine.model}, Node.js ${machine.node}, PostgreSQL ${machine.postgres}; ` +
      `${report.seconds} s in all (${phases.join(', ')}).`,
  );
  console.log('\nTargets (informational):');
  for (const { pass, name, value } of report.checks) {
    console.log(`  ${pass ? 'PASS' : 'MISS'}  ${name}: ${value}`);
  }
}

function stampOf(date) {
  return date.toISOString().replace(/[:.]/g, '-');
}
