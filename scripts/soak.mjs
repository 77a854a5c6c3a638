#!/usr/bin/env node
// Soak test: the built service (a separate process, loopback only) under a mixed load for a bounded
// time, then checks that nothing was lost, nothing failed unexpectedly, and memory stayed flat.
//
//   npm run build && npm run soak            60 s of load
//   npm run soak -- --quick                   10 s (CI)
//   npm run soak -- --seconds 120
//
// Exits 1 when a check fails.
import autocannon from 'autocannon';
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { freePort, requestJson, waitUntilOk } from './service-client.mjs';
import { productionNodeArgs } from './service-process.mjs';

const args = process.argv.slice(2);
const seconds = args.includes('--quick')
  ? 10
  : Number(args[args.indexOf('--seconds') + 1] || 60) || 60;
const USERS = 10;
const CONNECTIONS = 20;
const PASSWORD = 'soak-test-password';

const port = await freePort();
const base = `http://127.0.0.1:${port}`;
const server = spawn(process.execPath, productionNodeArgs(), {
  env: {
    PATH: process.env.PATH,
    NODE_ENV: 'production',
    SMTP_URL: 'smtp://127.0.0.1:2525', // required in production; never contacted, as no mail is sent
    HOST: '127.0.0.1',
    PORT: String(port),
    LOG_LEVEL: 'error',
    PGLITE_DATA_DIR: 'memory://',
    JWT_SECRET: 'soak-test-signing-secret-of-32-bytes!!',
    AUTH_RATE_LIMIT: '100000',
    TRUST_PROXY: '127.0.0.1', // the load generator stands in for a proxy: clients differ by address
  },
  stdio: ['ignore', 'inherit', 'inherit'],
});
const stopServer = () => server.exitCode === null && server.kill('SIGTERM');
process.on('exit', stopServer);

try {
  await waitUntilHealthy();
  const users = await prepareUsers();
  const rssBefore = [];
  const rssDuring = [];
  const sampler = setInterval(() => rssDuring.push(rss()), 1000);
  rssBefore.push(rss());

  const acknowledged = new Map(users.map((user) => [user.budgetId, new Set()]));
  const statuses = new Map();
  let written = 0;
  const count = (status) => statuses.set(status, (statuses.get(status) ?? 0) + 1);

  console.log(`Soak: ${seconds} s of mixed load on ${base} (server pid ${server.pid})`);
  const refreshLoop = refreshWhileRunning(users, seconds * 1000, count);
  const result = await autocannon({
    url: base,
    connections: CONNECTIONS,
    duration: seconds,
    requests: [
      {
        method: 'GET',
        path: '/finance/dashboard',
        setupRequest: (request, context) => withUser(request, context, users),
        onResponse: (status) => count(status),
      },
      {
        method: 'POST',
        path: '/finance/budgets/BUDGET/transactions',
        setupRequest: (request, context) => {
          const withToken = withUser(request, context, users);
          const description = `soak-${++written}`;
          return {
            ...withToken,
            path: `/finance/budgets/${context.user.budgetId}/transactions`,
            headers: { ...withToken.headers, 'content-type': 'application/json' },
            body: JSON.stringify({ amountCents: 1, description }),
          };
        },
        onResponse: (status, body, context) => {
          count(status);
          if (status === 201) {
            const { budgetId, description } = JSON.parse(body);
            const seen = acknowledged.get(budgetId);
            if (seen?.has(description)) throw new Error(`${description} acknowledged twice`);
            seen?.add(description);
          }
          void context;
        },
      },
      {
        method: 'GET',
        path: '/finance/budgets/BUDGET/transactions', // the newest page, while others write
        setupRequest: (request, context) => ({
          ...withUser(request, context, users),
          path: `/finance/budgets/${context.user.budgetId}/transactions?limit=20`,
        }),
        onResponse: (status) => count(status),
      },
      { method: 'GET', path: '/auth/me', onResponse: (status) => count(status) }, // no token: 401
      {
        method: 'GET',
        path: '/admin/users', // a shopper: 403
        setupRequest: (request, context) => withUser(request, context, users),
        onResponse: (status) => count(status),
      },
      {
        method: 'GET',
        path: '/auth/me',
        headers: { authorization: 'Bearer eyJhbGciOiJIUzI1NiJ9.e30.forged' }, // 401 invalid_token
        onResponse: (status) => count(status),
      },
      { method: 'GET', path: '/products', onResponse: (status) => count(status) },
      {
        method: 'POST',
        path: '/auth/login', // a real sign-in: Argon2id
        setupRequest: (request, context) => ({
          ...request,
          headers: { 'content-type': 'application/json', 'x-forwarded-for': context.user.address },
          body: JSON.stringify({ email: context.user.email, password: PASSWORD }),
        }),
        onResponse: (status) => count(status),
      },
      {
        method: 'POST',
        path: '/auth/login', // guessing: 401, then 429 once the limit is reached
        headers: { 'content-type': 'application/json', 'x-forwarded-for': '203.0.113.66' },
        body: JSON.stringify({ email: 'victim@example.test', password: 'a-wrong-guess' }),
        onResponse: (status) => count(status),
      },
    ],
  });
  const refreshes = await refreshLoop;
  clearInterval(sampler);

  const failures = [];
  const unexpected = [...statuses].filter(
    ([status]) => ![200, 201, 401, 403, 429].includes(status),
  );
  if (result.errors > 0 || result.timeouts > 0) {
    failures.push(`${result.errors} connection errors, ${result.timeouts} timeouts`);
  }
  if (unexpected.length > 0) failures.push(`unexpected statuses: ${JSON.stringify(unexpected)}`);
  if (refreshes.failed > 0) failures.push(`${refreshes.failed} refreshes failed`);

  // Every acknowledged write is stored exactly once. A write may be stored without being
  // acknowledged only when its response was still in flight as the load stopped (one per connection).
  // The budget's spent_cents, kept by each write, adds up to what is stored (1 cent each).
  let stored = 0;
  let unacknowledged = 0;
  for (const user of users) {
    const path = `/finance/budgets/${user.budgetId}`;
    const transactions = await readAll(`${path}/transactions`, user.accessToken);
    const descriptions = transactions.map((transaction) => transaction.description);
    const budget = await api('GET', path, user.accessToken);
    if (budget.body.spentCents !== descriptions.length) {
      failures.push(
        `budget ${user.budgetId}: spent ${budget.body.spentCents}, stored ${descriptions.length}`,
      );
    }
    const unique = new Set(descriptions);
    const expected = acknowledged.get(user.budgetId);
    stored += descriptions.length;
    unacknowledged += descriptions.filter((d) => !expected.has(d)).length;
    if (unique.size !== descriptions.length) failures.push(`budget ${user.budgetId}: duplicates`);
    const lost = [...expected].filter((d) => !unique.has(d));
    if (lost.length > 0) failures.push(`budget ${user.budgetId}: lost ${lost.join(', ')}`);
  }
  if (unacknowledged > CONNECTIONS) {
    failures.push(`${unacknowledged} writes stored that were never acknowledged`);
  }

  // Memory is flat: the last fifth of the run is not far above the first fifth (after warm-up).
  const fifth = Math.max(1, Math.floor(rssDuring.length / 5));
  const average = (values) => values.reduce((sum, value) => sum + value, 0) / values.length;
  const early = average(rssDuring.slice(0, fifth));
  const late = average(rssDuring.slice(-fifth));
  const growth = late / early - 1;
  if (growth > 0.25) failures.push(`RSS grew ${(growth * 100).toFixed(0)} % during the run`);

  const total = [...statuses.values()].reduce((sum, value) => sum + value, 0);
  console.table({
    requests: { value: total },
    'req/s': { value: Math.round(result.requests.average) },
    'p99 latency (ms)': { value: result.latency.p99 },
    'writes acknowledged': {
      value: [...acknowledged.values()].reduce((s, set) => s + set.size, 0),
    },
    'writes stored': { value: stored },
    'stored, response in flight at the end': { value: unacknowledged },
    refreshes: { value: refreshes.done },
    'RSS before (MB)': { value: mb(rssBefore[0]) },
    'RSS early / late (MB)': { value: `${mb(early)} / ${mb(late)}` },
  });
  console.log('Statuses:', Object.fromEntries([...statuses].sort(([a], [b]) => a - b)));
  if (failures.length > 0) {
    console.error(`Soak FAILED:\n  - ${failures.join('\n  - ')}`);
    process.exitCode = 1;
  } else {
    console.log(
      'Soak passed: no unexpected error, every acknowledged write stored once and counted, memory flat.',
    );
  }
} finally {
  stopServer();
}

/** Every item of a list, following its cursor from page to page. */
async function readAll(path, token) {
  const items = [];
  let cursor = null;
  do {
    const query = new URLSearchParams({ limit: '100', ...(cursor && { cursor }) });
    const page = await api('GET', `${path}?${query.toString()}`, token);
    if (page.status !== 200) throw new Error(`GET ${path} answered ${page.status}: ${page.text}`);
    items.push(...page.body.items);
    cursor = page.body.nextCursor;
  } while (cursor);
  return items;
}

function withUser(request, context, users) {
  context.user ??= users[Math.floor(Math.random() * users.length)];
  return {
    ...request,
    headers: { ...request.headers, authorization: `Bearer ${context.user.accessToken}` },
  };
}

/** Rotates refresh tokens in the background: each rotation must succeed (200). */
async function refreshWhileRunning(users, durationMs, count) {
  const until = Date.now() + durationMs;
  let done = 0;
  let failed = 0;
  while (Date.now() < until) {
    for (const user of users) {
      const response = await api('POST', '/auth/refresh', undefined, {
        refreshToken: user.refreshToken,
      });
      count(response.status);
      if (response.status === 200) {
        user.refreshToken = response.body.refreshToken;
        user.accessToken = response.body.accessToken;
        done++;
      } else {
        failed++;
      }
    }
    await sleep(200);
  }
  return { done, failed };
}

async function prepareUsers() {
  const users = [];
  for (let i = 0; i < USERS; i++) {
    const email = `soak-${i}-${Date.now()}@example.test`;
    await api('POST', '/auth/register', undefined, { email, password: PASSWORD });
    const login = await api('POST', '/auth/login', undefined, { email, password: PASSWORD });
    const budget = await api('POST', '/finance/budgets', login.body.accessToken, {
      name: `soak ${i}`,
      limitCents: 1_000_000,
    });
    users.push({ email, address: `198.51.100.${i + 1}`, ...login.body, budgetId: budget.body.id });
  }
  return users;
}

function api(method, path, token, body) {
  return requestJson(base, method, path, { token, body });
}

async function waitUntilHealthy() {
  const assertAlive = () => {
    if (server.exitCode !== null) throw new Error(`the server exited with ${server.exitCode}`);
  };
  await waitUntilOk(`${base}/health`, assertAlive, 30);
}

function rss() {
  const status = readFileSync(`/proc/${server.pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+)/.exec(status)[1]) * 1024;
}

function mb(bytes) {
  return Math.round(bytes / 1024 / 1024);
}
