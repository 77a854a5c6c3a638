#!/usr/bin/env node
// Benchmark: what authentication and authorization cost per request. The built service (a separate
// process, loopback only) is measured scenario by scenario against a bare Fastify server answering
// the same JSON: the public route, the guarded route (200, 401 without a token, 401 with a bad
// signature), 403 for a missing role, a database read and a database write. The scenarios alternate
// (round-robin) over 3 rounds and the table shows medians, with ratios paired within each round.
// With DATABASE_URL set, a second service on that PostgreSQL adds the guarded, read and write rows.
//
//   npm run build && npm run bench            10 s per scenario per round (5–7 minutes)
//   npm run bench -- --quick                   2 s per scenario per round (CI, under 2 minutes)
//   npm run bench -- --seconds 20
//   npm run bench -- --profile                 then a CPU profile of the server per scenario
//   npm run bench -- --log-level warn          another LOG_LEVEL than the production default (info)
//   DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench npm run bench
//   DATABASE_URL=... npm run bench -- --scale [--quick]   the scale mode instead: scripts/bench-scale.mjs
//
// With taskset, the servers run on CPU 1 and the load generator (this process) on CPU 0.
// Results: a table on stdout, and JSON in .data/bench/latest.json and .data/bench/bench-<time>.json
// (profiles in .data/bench/profiles-<time>/). The target checks are informational. Exits 1 only when
// the bench itself breaks: a server died, or a scenario got a status it should not have.
import { createHmac } from 'node:crypto';
import { mkdirSync, readFileSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { markdownTable, median, OUT_DIR, round2, writeReport } from './bench-report.mjs';
import { expectStatus, hasRoute } from './service-client.mjs';
import {
  assertAlive,
  cpuSeconds,
  pinLoadGenerator,
  productionEnv,
  rssMb,
  startServer,
  stopAll,
  stopServersOnExit,
} from './service-process.mjs';

const args = process.argv.slice(2);
const option = (name) => (args.includes(name) ? args[args.indexOf(name) + 1] : undefined);
const quick = args.includes('--quick');
const seconds = Number(option('--seconds')) || (quick ? 2 : 10);
const warmUpSeconds = quick ? 1 : 2;
const loginSeconds = quick ? 2 : 5;
const profiling = args.includes('--profile');
const logLevel = option('--log-level') ?? 'info'; // the service's default, production included

const ROUNDS = 3;
const CONNECTIONS = 50;
/** Login is bound by Argon2id on the server's thread pool: a few connections saturate it. */
const LOGIN_CONNECTIONS = 8;
const PROFILED = ['1', '2', '3', '4', '5', '8'];
const JWT_SECRET = 'bench-signing-secret-of-at-least-32-bytes';
const PASSWORD = 'bench-password';
const ADMIN = { email: 'bench-admin@example.test', password: 'bench-admin-password' };
/** What GET /health/live answers (Terminus with no indicator); the bare server replicates it. */
const LIVE_BODY = { status: 'ok', info: {}, error: {}, details: {} };
const BARE_SERVER = fileURLToPath(import.meta.url);

const PROFILER = 'the profiler hook';
/** Loaded into a server with --profile: starts and stops the V8 profiler when the bench asks. */
const PROFILER_HOOK = `
import { Session } from 'node:inspector';
import { writeFileSync } from 'node:fs';
const session = new Session();
session.connect();
const post = (method, params = {}) =>
  new Promise((resolve, reject) =>
    session.post(method, params, (error, result) => (error ? reject(error) : resolve(result))));
process.on('message', async (message) => {
  if (message?.profile === 'start') {
    await post('Profiler.enable');
    await post('Profiler.setSamplingInterval', { interval: 500 });
    await post('Profiler.start');
  } else if (message?.profile === 'stop') {
    writeFileSync(message.file, JSON.stringify((await post('Profiler.stop')).profile));
  } else return;
  process.send({ profile: message.profile, done: true });
});`;

if (args.includes('--serve-bare')) await serveBare();
else if (args.includes('--scale')) await import('./bench-scale.mjs');
else await main();

async function main() {
  const { default: autocannon } = await import('autocannon');
  const startedAt = new Date();
  const stamp = startedAt.toISOString().replace(/[:.]/g, '-');
  const pinned = pinLoadGenerator();
  stopServersOnExit();
  printSetup(pinned);
  const loadBefore = os.loadavg()[0];
  if (loadBefore > 0.5) {
    console.log(
      `Load average ${loadBefore.toFixed(2)} before the start: other processes are busy, so the ` +
        'figures may come out low and noisy.',
    );
  }

  const failures = [];
  try {
    const argon2 = await timeArgon2();
    console.log(
      `Argon2id (this process): hash ${argon2.hashMs} ms, verify ${argon2.verifyMs} ms (median of ${argon2.calls})`,
    );
    const servers = await startServers(pinned);
    const scenarios = await prepareScenarios(servers);
    await checkEachOnce(scenarios);

    const load = (scenario, duration, connections = CONNECTIONS) =>
      measure(autocannon, scenario, duration, connections);
    console.log(`Warm-up: ${warmUpSeconds} s per scenario`);
    for (const scenario of scenarios)
      expectOnly(scenario, await load(scenario, warmUpSeconds), 'warm-up');
    await sleep(2000);
    for (const server of Object.values(servers)) server.rssIdleMb = rssMb(server);

    for (let round = 1; round <= ROUNDS; round++) {
      for (const scenario of scenarios) {
        const result = await load(scenario, seconds);
        scenario.rounds.push(result);
        if (result.unexpected > 0) failures.push(unexpectedMessage(scenario, result, round));
        console.log(
          `round ${round}/${ROUNDS}  ${scenario.id.padEnd(4)} ${String(result.rps).padStart(6)} req/s  ` +
            `p99 ${String(result.p99).padStart(4)} ms  CPU ${result.cpuPercent}%  ${scenario.name}`,
        );
      }
    }

    const guard = scenarios.find((scenario) => scenario.id === '2pg');
    const guardQueries = guard ? await countGuardQueries(autocannon, guard) : undefined;
    const logins = [];
    for (const server of [servers.pglite, servers.postgres].filter(Boolean)) {
      const scenario = loginScenario(server);
      const result = await load(scenario, loginSeconds, LOGIN_CONNECTIONS);
      if (result.unexpected > 0) failures.push(unexpectedMessage(scenario, result, 'login'));
      logins.push({ server: server.name, connections: LOGIN_CONNECTIONS, ...result });
    }
    for (const server of Object.values(servers)) server.rssAfterMb = rssMb(server);

    const profiles = profiling ? await profileScenarios(scenarios, load, stamp) : undefined;
    const report = buildReport({ startedAt, pinned, argon2, servers, scenarios, logins, profiles });
    report.guardQueries = guardQueries;
    if (guardQueries) {
      report.checks.push({
        name: 'no database query on the guard path (connections that queried during 2000 guarded requests)',
        value: guardQueries.connectionsThatQueried,
        pass: guardQueries.connectionsThatQueried === 0,
      });
    }
    report.machine.loadAverage = { before: loadBefore, after: os.loadavg()[0] };
    report.failures = failures;
    printReport(report);
    writeReport(report, { name: 'bench', stamp, latest: 'latest.json' });
  } catch (error) {
    failures.push(error instanceof Error ? error.message : String(error));
  } finally {
    await stopAll();
  }
  if (failures.length > 0) {
    console.error(`Bench FAILED:\n  - ${failures.join('\n  - ')}`);
    process.exitCode = 1;
  }
}

// ---------------------------------------------------------------------------------------------
// Servers

async function startServers(pinned) {
  const appEnv = (extra) =>
    productionEnv({
      logLevel,
      jwtSecret: JWT_SECRET,
      JWT_ACCESS_TTL: '86400', // the tokens made at the start outlive a long run
      AUTH_RATE_LIMIT: '1000000', // registrations from one address
      LOGIN_MAX_FAILURES: '1000000', // concurrent logins each hold a point until they succeed
      ...extra,
    });
  const starting = {
    pglite: spawnServer('pglite', ['dist/main.js'], appEnv(firstAdmin()), pinned),
    bare: spawnServer('bare', [BARE_SERVER, '--serve-bare'], {}, pinned),
  };
  if (process.env.DATABASE_URL) {
    const env = appEnv({ DATABASE_URL: process.env.DATABASE_URL });
    starting.postgres = spawnServer('postgres', ['dist/main.js'], env, pinned);
  }
  const started = Object.entries(starting).map(async ([name, server]) => [name, await server]);
  return Object.fromEntries(await Promise.all(started));
}

function firstAdmin() {
  return { FIRST_ADMIN_EMAIL: ADMIN.email, FIRST_ADMIN_PASSWORD: ADMIN.password };
}

function spawnServer(name, nodeArgs, env, pinned) {
  const hook = profiling
    ? ['--import', `data:text/javascript,${encodeURIComponent(PROFILER_HOOK)}`]
    : [];
  return startServer({ name, nodeArgs: [...hook, ...nodeArgs], env, pinned, ipc: profiling });
}

/** The reference: Fastify alone, answering GET /health/live with the service's body and status. */
async function serveBare() {
  const { default: Fastify } = await import('fastify');
  const app = Fastify({ logger: false });
  app.get('/health/live', (_request, reply) => {
    void reply.header('cache-control', 'no-store').send(LIVE_BODY);
  });
  await app.listen({ host: '127.0.0.1', port: Number(process.env.PORT) });
  for (const signal of ['SIGINT', 'SIGTERM']) {
    process.once(signal, () => void app.close().then(() => process.exit(0)));
  }
}

// ---------------------------------------------------------------------------------------------
// Scenarios

async function prepareScenarios({ pglite, postgres, bare }) {
  // The database scenarios drive the sample modules; `npm run samples:remove` takes them away.
  const finance = await hasRoute(pglite.base, '/finance/dashboard');
  const catalogue = await hasRoute(pglite.base, '/products');
  if (!finance) console.log('No finance sample (GET /finance/dashboard is 404): skipping 6 and 7.');
  if (!catalogue) console.log('No catalogue sample (GET /products is 404): skipping 1b.');
  const embedded = await prepareData(pglite, finance);
  if (catalogue) await createProducts(pglite);
  const shared = postgres ? await prepareData(postgres, finance) : undefined;
  const both = (id, name, path, expect, token) => [
    get(id, name, pglite, path, expect, embedded[token]),
    ...(shared ? [get(`${id}pg`, name, postgres, path, expect, shared[token])] : []),
  ];
  const databaseReadAndWrite = () => [
    ...both('6', 'DB read: GET /finance/dashboard', '/finance/dashboard', 200, 'shopper'),
    addTransaction('7', pglite, embedded.writer),
    ...(shared ? [addTransaction('7pg', postgres, shared.writer)] : []),
  ];
  return [
    get('1', 'public: GET /health/live', pglite, '/health/live', 200),
    ...(catalogue ? [get('1b', 'public + DB read: GET /products', pglite, '/products', 200)] : []),
    ...both('2', 'guarded 200: GET /auth/me', '/auth/me', 200, 'shopper'),
    get('3', '401 no token: GET /auth/me', pglite, '/auth/me', 401),
    get('4', '401 bad signature: GET /auth/me', pglite, '/auth/me', 401, embedded.forged),
    get('5', '403 missing role: GET /admin/users', pglite, '/admin/users', 403, embedded.shopper),
    ...(finance ? databaseReadAndWrite() : []),
    get('8', 'bare Fastify: GET /health/live', bare, '/health/live', 200),
  ];
}

function get(id, name, server, path, expect, token) {
  const headers = token ? { authorization: `Bearer ${token}` } : {};
  return { id, name, server, expect, request: { method: 'GET', path, headers }, rounds: [] };
}

/** Writes spread over the writer's budgets, so they do not all wait for one row lock. */
function addTransaction(id, server, writer) {
  let next = 0;
  const path = (budgetId) => `/finance/budgets/${budgetId}/transactions`;
  return {
    id,
    name: 'DB write: POST /finance/budgets/:id/transactions',
    server,
    expect: 201,
    request: {
      method: 'POST',
      path: path(writer.budgetIds[0]),
      headers: { authorization: `Bearer ${writer.token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ amountCents: 125, description: 'Bench coffee' }),
      setupRequest: (request) => ({
        ...request,
        path: path(writer.budgetIds[next++ % writer.budgetIds.length]),
      }),
    },
    rounds: [],
  };
}

function loginScenario(server) {
  return {
    id: 'login',
    name: 'POST /auth/login (correct password)',
    server,
    expect: 200,
    request: {
      method: 'POST',
      path: '/auth/login',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: server.shopperEmail, password: PASSWORD }),
    },
  };
}

/**
 * A shopper (role user) with three budgets of ten transactions each, read by the dashboard, and a
 * writer with ten budgets that the write scenario fills, so the dashboard reads the same rows in
 * every round however much was written. Without the finance sample, the shopper alone.
 */
async function prepareData(server, finance) {
  const run = `${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`;
  const shopper = await signUp(server, `bench-shopper-${run}@example.test`);
  const token = shopper.token;
  server.shopperEmail = shopper.email;
  const forged = forgeSignature(token);
  if (!finance) return { shopper: token, forged };
  for (let b = 0; b < 3; b++) {
    const budget = await createBudget(server, token, `Budget ${b}`);
    for (let t = 0; t < 10; t++) {
      const body = { amountCents: 100 + t, description: `Purchase ${t}` };
      await expectStatus(server, 'POST', `/finance/budgets/${budget.id}/transactions`, {
        token,
        body,
      });
    }
  }
  const writer = await signUp(server, `bench-writer-${run}@example.test`);
  const budgetIds = [];
  for (let b = 0; b < 10; b++) {
    budgetIds.push((await createBudget(server, writer.token, `Written ${b}`)).id);
  }
  return { shopper: token, forged, writer: { token: writer.token, budgetIds } };
}

async function createProducts(server) {
  const admin = await expectStatus(server, 'POST', '/auth/login', { body: ADMIN, expect: 200 });
  const token = admin.body.accessToken;
  for (const [name, priceCents] of [
    ['Espresso machine', 24_900],
    ['Burr grinder', 12_900],
    ['Milk jug', 1_900],
  ]) {
    await expectStatus(server, 'POST', '/admin/products', { token, body: { name, priceCents } });
  }
}

async function signUp(server, email) {
  const body = { email, password: PASSWORD };
  await expectStatus(server, 'POST', '/auth/register', { body });
  const login = await expectStatus(server, 'POST', '/auth/login', { body, expect: 200 });
  return { email, token: login.body.accessToken };
}

async function createBudget(server, token, name) {
  const body = { name, limitCents: 100_000 };
  return (await expectStatus(server, 'POST', '/finance/budgets', { token, body })).body;
}

/** The same header and claims, signed with another key: a token of valid shape, wrong signature. */
function forgeSignature(token) {
  const [header, payload] = token.split('.');
  const signature = createHmac('sha256', 'not-the-service-key-but-just-as-long!!')
    .update(`${header}.${payload}`)
    .digest('base64url');
  return `${header}.${payload}.${signature}`;
}

/** One request per scenario before any load: a wrong status stops the bench at once. */
async function checkEachOnce(scenarios) {
  for (const { server, request, expect, id } of scenarios) {
    const { method, path, headers, body } = request;
    const response = await fetch(`${server.base}${path}`, { method, headers, body });
    await response.arrayBuffer();
    if (response.status !== expect) {
      throw new Error(
        `scenario ${id}: ${method} ${path} answered ${response.status}, not ${expect}`,
      );
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Measuring

async function measure(autocannon, scenario, duration, connections) {
  const { method, path, headers, body, setupRequest } = scenario.request;
  const cpuBefore = cpuSeconds(scenario.server);
  const result = await autocannon({
    url: scenario.server.base,
    connections,
    duration,
    requests: [
      { method, path, headers, ...(body && { body }), ...(setupRequest && { setupRequest }) },
    ],
  });
  assertAlive(scenario.server);
  const cpu = cpuSeconds(scenario.server) - cpuBefore;
  const statuses = Object.fromEntries(
    Object.entries(result.statusCodeStats).map(([status, { count }]) => [status, count]),
  );
  const expected = statuses[scenario.expect] ?? 0;
  const answered = Object.values(statuses).reduce((sum, count) => sum + count, 0);
  return {
    rps: Math.round(result.requests.total / result.duration),
    p50: result.latency.p50,
    p99: result.latency.p99,
    requests: result.requests.total,
    // The server's own CPU time: on a shared machine, cost per request is steadier than req/s.
    cpuPercent: Math.round((cpu / result.duration) * 100),
    cpuMicrosPerRequest: answered > 0 ? Math.round((cpu * 1e6) / answered) : undefined,
    statuses,
    errors: result.errors,
    timeouts: result.timeouts,
    unexpected: answered - expected + result.errors + result.timeouts,
  };
}

function expectOnly(scenario, result, when) {
  if (result.unexpected > 0) throw new Error(unexpectedMessage(scenario, result, when));
}

function unexpectedMessage(scenario, result, when) {
  return (
    `scenario ${scenario.id} on ${scenario.server.name} (${when}): expected only ${scenario.expect}, ` +
    `got ${JSON.stringify(result.statuses)}, ${result.errors} errors, ${result.timeouts} timeouts`
  );
}

/**
 * Whether the guard queried PostgreSQL during a burst of guarded requests (scenario 2pg): each
 * connection's `query_start` in pg_stat_activity moves the moment it runs a query, so connections
 * whose last query started during the burst are the ones the requests used.
 */
async function countGuardQueries(autocannon, scenario) {
  const { default: pg } = await import('pg');
  const client = new pg.Client({ connectionString: process.env.DATABASE_URL });
  await client.connect();
  try {
    await sleep(2000); // requests still in flight from the last scenario finish their queries
    const { rows: clock } = await client.query('select clock_timestamp() as now');
    const { method, path, headers } = scenario.request;
    const result = await autocannon({
      url: scenario.server.base,
      connections: CONNECTIONS,
      amount: 2000,
      requests: [{ method, path, headers }],
    });
    const { rows } = await client.query(
      `select count(*) filter (where query_start >= $1) as busy, count(*) as connections
         from pg_stat_activity where datname = current_database() and pid <> pg_backend_pid()`,
      [clock[0].now],
    );
    const guarded = result.statusCodeStats[scenario.expect]?.count ?? 0;
    const busy = Number(rows[0].busy);
    console.log(
      `Guard path on PostgreSQL: during ${guarded} guarded requests (${path}), ${busy} database ` +
        `connections of the service ran a query (${rows[0].connections} open at the end).`,
    );
    return {
      requests: guarded,
      connectionsThatQueried: busy,
      connections: Number(rows[0].connections),
    };
  } finally {
    await client.end();
  }
}

/** Argon2id with the library defaults, as src/users/password-hasher.ts uses it. */
async function timeArgon2() {
  const { hash, verify } = await import('@node-rs/argon2');
  const calls = 5;
  const time = async (work) => {
    const started = performance.now();
    await work();
    return performance.now() - started;
  };
  const stored = await hash(PASSWORD); // warm-up
  const hashes = [];
  const verifies = [];
  for (let i = 0; i < calls; i++) {
    hashes.push(await time(() => hash(PASSWORD)));
    verifies.push(await time(() => verify(stored, PASSWORD)));
  }
  const round1 = (value) => Math.round(value * 10) / 10;
  return {
    method:
      'hash() and verify() of @node-rs/argon2, defaults (Argon2id m=19456 KiB t=2 p=1), timed in the bench process',
    calls,
    hashMs: round1(median(hashes)),
    verifyMs: round1(median(verifies)),
  };
}

/** One CPU profile of the server per scenario in PROFILED, after the measured rounds. */
async function profileScenarios(scenarios, load, stamp) {
  const dir = join(OUT_DIR, `profiles-${stamp}`);
  mkdirSync(dir, { recursive: true });
  const profiles = {};
  for (const scenario of scenarios.filter((s) => PROFILED.includes(s.id))) {
    const file = join(dir, `${scenario.server.name}-${scenario.id}.cpuprofile`);
    await askProfiler(scenario.server, { profile: 'start' });
    const result = await load(scenario, seconds);
    await askProfiler(scenario.server, { profile: 'stop', file });
    expectOnly(scenario, result, 'profile');
    profiles[scenario.id] = {
      name: scenario.name,
      file,
      rps: result.rps,
      ...summariseProfile(JSON.parse(readFileSync(file, 'utf8'))),
    };
  }
  return profiles;
}

function askProfiler(server, message) {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${server.name}: profiler silent`)), 30_000);
    const onMessage = (reply) => {
      if (reply?.profile !== message.profile || !reply.done) return;
      clearTimeout(timer);
      server.child.off('message', onMessage);
      resolve();
    };
    server.child.on('message', onMessage);
    server.child.send(message);
  });
}

/**
 * Self time per function, and per package with node core and native code counted to the package
 * that called them (a socket write to the framework that sent the reply, a log write to pino's
 * destination), as shares of the samples that were not idle.
 */
function summariseProfile(profile, top = 12) {
  const nodes = new Map(profile.nodes.map((node) => [node.id, node]));
  const parents = new Map();
  for (const node of profile.nodes)
    for (const child of node.children ?? []) parents.set(child, node);
  const owners = new Map();
  const ownerOf = (node) => {
    if (!owners.has(node.id)) {
      const own = packageOf(node.callFrame.functionName, node.callFrame.url);
      const parent = parents.get(node.id);
      const borrowed = (own === 'node core' || own === '(native code)') && parent;
      const inherited = borrowed ? ownerOf(parent) : own;
      owners.set(node.id, inherited === '(root)' ? own : inherited);
    }
    return owners.get(node.id);
  };
  const byFunction = new Map();
  const byPackage = new Map();
  let busy = 0;
  let idle = 0;
  profile.samples.forEach((id, index) => {
    // The time until the next sample belongs to this one (the first delta is the start-up gap).
    const micros = profile.timeDeltas[index + 1] ?? 0;
    const node = nodes.get(id);
    const { functionName, url, lineNumber } = node.callFrame;
    if (ownerOf(node) === PROFILER) return; // starting and stopping the profiler itself
    if (functionName === '(idle)') {
      idle += micros;
      return;
    }
    busy += micros;
    const where = url ? ` ${shortUrl(url)}:${lineNumber + 1}` : '';
    const name = `${functionName || '(anonymous)'}${where}`;
    byFunction.set(name, (byFunction.get(name) ?? 0) + micros);
    const owner = ownerOf(node);
    byPackage.set(owner, (byPackage.get(owner) ?? 0) + micros);
  });
  const share = (entries) =>
    [...entries]
      .sort(([, a], [, b]) => b - a)
      .slice(0, top)
      .map(([name, micros]) => ({ name, percent: Math.round((micros / busy) * 1000) / 10 }));
  return {
    busyMs: Math.round(busy / 1000),
    idlePercent: Math.round((idle / (busy + idle)) * 1000) / 10,
    functions: share(byFunction),
    packages: share(byPackage),
  };
}

function shortUrl(url) {
  const path = url.replace(/^file:\/\//, '');
  const inModules = path.lastIndexOf('node_modules/');
  if (inModules >= 0) return path.slice(inModules + 'node_modules/'.length);
  return path.startsWith(process.cwd()) ? path.slice(process.cwd().length + 1) : path;
}

function packageOf(functionName, url) {
  if (!url) return functionName.startsWith('(') ? functionName : '(native code)';
  if (url.startsWith('node:')) return 'node core';
  if (url.startsWith('data:')) return PROFILER;
  const modules = [...url.matchAll(/node_modules\/((?:@[^/]+\/)?[^/]+)/g)];
  if (modules.length > 0) return modules.at(-1)[1];
  if (url.includes('/dist/')) return 'the app (dist/)';
  if (url === `file://${BARE_SERVER}`) return 'bench.mjs (bare server)';
  return url;
}

// ---------------------------------------------------------------------------------------------
// Report

function buildReport({ startedAt, pinned, argon2, servers, scenarios, logins, profiles }) {
  const byId = new Map(scenarios.map((scenario) => [scenario.id, scenario]));
  /** Median over rounds of a/b, each round's pair measured minutes apart at most. */
  const paired = (a, b, of) =>
    byId.has(a) && byId.has(b)
      ? round2(median(byId.get(a).rounds.map((r, i) => of(r, byId.get(b).rounds[i]))))
      : undefined;
  const ratio = (a, b) => paired(a, b, (x, y) => x.rps / y.rps);
  /** The same ratio from the server's CPU cost per request: what req/s would be on a quiet core. */
  const cpuRatio = (a, b) => paired(a, b, (x, y) => y.cpuMicrosPerRequest / x.cpuMicrosPerRequest);
  const rows = scenarios.map((scenario) => ({
    id: scenario.id,
    name: scenario.name,
    server: scenario.server.name,
    request: `${scenario.request.method} ${scenario.request.path}`,
    expect: scenario.expect,
    rps: Math.round(median(scenario.rounds.map((r) => r.rps))),
    p50: median(scenario.rounds.map((r) => r.p50)),
    p99: median(scenario.rounds.map((r) => r.p99)),
    toPublic: ratio(scenario.id, '1'),
    toBare: ratio(scenario.id, '8'),
    cpuPercent: median(scenario.rounds.map((r) => r.cpuPercent)),
    cpuMicrosPerRequest: median(scenario.rounds.map((r) => r.cpuMicrosPerRequest)),
    cpuToPublic: cpuRatio(scenario.id, '1'),
    cpuToBare: cpuRatio(scenario.id, '8'),
    unexpected: scenario.rounds.reduce((sum, r) => sum + r.unexpected, 0),
    rounds: scenario.rounds,
  }));
  const check = (name, a, b, pass) => {
    const value = ratio(a, b);
    return { name, value, cpuValue: cpuRatio(a, b), pass: value !== undefined && pass(value) };
  };
  const checks = [
    check('guarded 200 >= 0.7x public', '2', '1', (value) => value >= 0.7),
    check('401 no token >= 0.9x guarded 200', '3', '2', (value) => value >= 0.9),
    check('401 bad signature >= 0.9x guarded 200', '4', '2', (value) => value >= 0.9),
    check('403 missing role >= 0.9x guarded 200', '5', '2', (value) => value >= 0.9),
    check('public >= 0.85x bare Fastify', '1', '8', (value) => value >= 0.85),
  ];
  if (byId.has('2pg')) {
    const within = (value) => value >= 0.9 && value <= 1.1;
    checks.push(check('guarded on PostgreSQL within +-10% of PGlite', '2pg', '2', within));
  }
  return {
    startedAt: startedAt.toISOString(),
    machine: {
      cpus: os.cpus().length,
      model: os.cpus()[0]?.model,
      node: process.version,
      pinned: pinned ? 'servers on CPU 1, load generator on CPU 0 (taskset)' : 'not pinned',
    },
    settings: {
      secondsPerScenarioPerRound: seconds,
      warmUpSeconds,
      rounds: ROUNDS,
      connections: CONNECTIONS,
      logLevel,
      quick,
    },
    servers: Object.fromEntries(
      Object.values(servers).map(({ name, pid, rssStartMb, rssIdleMb, rssAfterMb }) => [
        name,
        { pid, rssStartMb, rssIdleMb, rssAfterMb },
      ]),
    ),
    scenarios: rows,
    checks,
    login: logins,
    argon2,
    profiles,
  };
}

function printSetup(pinned) {
  console.log(
    `Bench: ${seconds} s per scenario per round, ${ROUNDS} rounds (round-robin), ${CONNECTIONS} ` +
      `connections, warm-up ${warmUpSeconds} s per scenario.`,
  );
  console.log(
    pinned
      ? 'Pinned with taskset: the servers on CPU 1, the load generator (this process) on CPU 0.'
      : 'Not pinned (taskset or a second CPU missing): servers and load generator share the CPUs.',
  );
  console.log(
    `Service: dist/main.js, NODE_ENV=production, LOG_LEVEL=${logLevel}` +
      `${logLevel === 'info' ? ' (the default): one request log line per request' : ''}, ` +
      'stdout to /dev/null. Bare reference: Fastify alone with the same body, status and ' +
      'cache-control, but no helmet headers, no x-request-id and no logging.',
  );
  if (process.env.DATABASE_URL) {
    console.log('DATABASE_URL is set: a second service on PostgreSQL (its server is not pinned).');
  }
}

function printReport(report) {
  const format = (value, digits = 0) =>
    value === undefined ? '' : value.toFixed(digits).replace(/\.0+$/, '');
  const table = [
    [
      '#',
      'scenario',
      'server',
      'status',
      'req/s',
      'p50 ms',
      'p99 ms',
      'x public',
      'x bare',
      'CPU %',
      'CPU us/req',
      'bad',
    ],
    ...report.scenarios.map((row) => [
      row.id,
      row.name,
      row.server,
      String(row.expect),
      String(row.rps),
      format(row.p50, 1),
      format(row.p99, 1),
      format(row.toPublic, 2),
      format(row.toBare, 2),
      format(row.cpuPercent),
      format(row.cpuMicrosPerRequest),
      String(row.unexpected),
    ]),
  ];
  console.log(
    `\nMedians of ${ROUNDS} rounds of ${seconds} s, ${CONNECTIONS} connections; ratios are medians ` +
      "of per-round ratios. CPU: the server process's own CPU time (all threads) over the " +
      'run, and per response. "bad" counts responses with another status (must be 0).\n',
  );
  console.log(markdownTable(table, 4));

  console.log('\nLogin (POST /auth/login, correct password, Argon2id verify on the server):');
  for (const login of report.login) {
    console.log(
      `  ${login.server}: ${login.rps} req/s, p50 ${login.p50} ms, p99 ${login.p99} ms ` +
        `(${login.connections} connections, ${loginSeconds} s, server CPU ${login.cpuPercent}%)`,
    );
  }
  console.log(
    `Argon2id in the bench process: hash ${report.argon2.hashMs} ms, verify ` +
      `${report.argon2.verifyMs} ms (median of ${report.argon2.calls} calls, app's parameters).`,
  );
  console.log('\nServer RSS (MB): after start / idle after warm-up / after the run');
  for (const [name, server] of Object.entries(report.servers)) {
    console.log(`  ${name}: ${server.rssStartMb} / ${server.rssIdleMb} / ${server.rssAfterMb}`);
  }

  const unsaturated = report.scenarios.filter((row) => row.cpuPercent < 90).map((row) => row.id);
  if (unsaturated.length > 0) {
    console.log(
      `\nServer CPU under 90% in ${unsaturated.join(', ')}: there the server was not the limit ` +
        '(the load generator, another process on its CPU, or a PostgreSQL round trip was), ' +
        'so req/s understates it; CPU us/req still compares the servers.',
    );
  }
  console.log('\nTargets (informational):');
  for (const check of report.checks) {
    console.log(
      `  ${check.pass ? 'PASS' : 'MISS'}  ${check.name}: ${format(check.value, 2)}` +
        (check.cpuValue === undefined
          ? ''
          : ` (from CPU per request: ${format(check.cpuValue, 2)})`),
    );
  }
  for (const [id, summary] of Object.entries(report.profiles ?? {})) {
    console.log(
      `\nProfile of scenario ${id} (${summary.name}, ${summary.rps} req/s while profiled, ` +
        `${summary.idlePercent}% idle): ${summary.file}`,
    );
    for (const { name, percent } of summary.functions.slice(0, 10)) {
      console.log(`  ${String(percent).padStart(5)}%  ${name}`);
    }
    const packages = summary.packages.map(({ name, percent }) => `${name} ${percent}%`);
    console.log(`  by package: ${packages.join(', ')}`);
  }
}
