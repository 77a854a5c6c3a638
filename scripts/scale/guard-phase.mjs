// Phase 1 of the scale bench: guarded GET /auth/me over many distinct users' tokens against 100
// users', in alternating rounds of the same number of requests; the database's transaction counter
// around them, and the service's RSS after them.
import { createHash, createSecretKey, randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { check, median, round2 } from '../bench-report.mjs';
import { expectStatus } from '../service-client.mjs';
import { rssMb } from '../service-process.mjs';
import { loadRun, secondsSince } from './measure.mjs';

const FEW_USERS = 100;
const ROUNDS = 3;
const CONNECTIONS = 50;
const JWT_ISSUER = 'nest-auth-starter'; // the service's defaults (src/config/environment.ts)
const JWT_AUDIENCE = 'nest-auth-starter';
const USER_EMAIL = "'scale-user-' || g || '@example.test'";
/** The lifetime of the tokens signed here: it outlives a long run. The service must be started with
 * JWT_ACCESS_TTL at least this long, as it refuses a token claiming a longer lifetime than its own. */
export const TOKEN_LIFETIME_SECONDS = 6 * 3600;
/**
 * PostgreSQL flushes a busy backend's transaction counts at most once a second, and those left
 * pending when it goes idle within 10 s: the counter is read once that has passed.
 */
const SETTLE_MS = 11_000;
/** Transactions allowed in the guarded phase for "unchanged": an autovacuum visit runs a few. */
const TRANSACTION_ALLOWANCE = 10;

/**
 * `sum(xact_commit + xact_rollback)` of the service's database in pg_stat_database, read over a
 * connection to another database so that the readings do not count themselves; where that is
 * refused, over the bench's own connection, and then each reading counts one.
 */
export async function transactionCounter(pg, url, db) {
  const database = (await db.query('select current_database() as name')).rows[0].name;
  const other = new URL(url);
  other.pathname = database === 'postgres' ? '/template1' : '/postgres';
  let client = new pg.Client({ connectionString: other.href });
  let selfCounting = false;
  try {
    await client.connect();
  } catch {
    client = db;
    selfCounting = true;
  }
  const sql = `select sum(xact_commit + xact_rollback)::bigint as n from pg_stat_database where datname = $1`;
  return {
    database,
    selfCounting,
    read: async () => Number((await client.query(sql, [database])).rows[0].n),
    close: () => (client === db ? Promise.resolve() : client.end()),
  };
}

/**
 * Inserts `users` users in one statement, signs a token for each, then measures: `runSeconds` sets
 * the length of a run (the requests the 100 users' set serves in that time, in both sets).
 */
export async function measureGuard({ autocannon, db, settings }, service, counter) {
  const { users, runSeconds, jwtSecret } = settings;
  console.log(`\nPhase 1: GET /auth/me over ${FEW_USERS} vs ${users.toLocaleString('en')} users`);
  let started = Date.now();
  const { rows } = await db.query(
    `insert into users (email, password_hash)
       select ${USER_EMAIL}, 'not-a-password-hash' from generate_series(1, $1::int) g
     returning id, email`,
    [users],
  );
  // Vacuum as well, so that autovacuum does not pick the table up during the measurement.
  await db.query('vacuum analyze users');
  const insertSeconds = secondsSince(started);
  started = Date.now();
  const sign = await tokenSigner(jwtSecret);
  const many = { name: `${users} users`, bearers: rows.map((user) => `Bearer ${sign(user)}`) };
  const few = { name: `${FEW_USERS} users`, bearers: many.bearers.slice(0, FEW_USERS) };
  const signSeconds = secondsSince(started);
  console.log(
    `  inserted in ${insertSeconds} s (one statement), tokens signed in ${signSeconds} s`,
  );
  for (const index of [0, rows.length - 1]) {
    await expectMe(service, many.bearers[index], rows[index]);
  }

  const run = (set, load) => guardedRun(autocannon, service, set, load);
  await run(few, { duration: 1 });
  await run(many, { duration: 1 });
  // The same number of requests for both sets: what the 100 users' set serves in runSeconds.
  const calibration = await run(few, { duration: Math.max(1, runSeconds / 2) });
  const amount = Math.max(1000, Math.round(calibration.rps * runSeconds));
  await sleep(SETTLE_MS);
  const rssIdleMb = rssMb(service);
  const before = await counter.read();

  const rounds = [];
  let rssAfterMb;
  for (let round = 1; round <= ROUNDS; round++) {
    // Alternate which set goes first, so a drift in the machine's speed favours neither.
    const order = round % 2 ? [few, many] : [many, few];
    const results = new Map();
    for (const set of order) {
      results.set(set, await run(set, { amount }));
      if (set === many) rssAfterMb = rssMb(service);
    }
    rounds.push({ few: results.get(few), many: results.get(many) });
    const { few: a, many: b } = rounds.at(-1);
    console.log(
      `  round ${round}/${ROUNDS}: ${a.rps} req/s over ${few.name}, ${b.rps} over ${many.name} ` +
        `(${round2(b.rps / a.rps)}), p99 ${a.p99} / ${b.p99} ms`,
    );
  }
  await sleep(SETTLE_MS);
  const after = await counter.read();
  const requests = rounds.reduce((sum, r) => sum + r.few.requests + r.many.requests, 0);
  const transactions = after - before - (counter.selfCounting ? 1 : 0);
  console.log(
    `  ${transactions} database transactions during ${requests} guarded requests; ` +
      `RSS ${rssAfterMb} MB after the ${many.name} run`,
  );
  const of = (set, field) => median(rounds.map((r) => r[set][field]));
  return {
    users,
    fewUsers: FEW_USERS,
    insertSeconds,
    signSeconds,
    requestsPerRun: amount,
    connections: CONNECTIONS,
    few: summary('few'),
    many: summary('many'),
    ratio: round2(median(rounds.map((r) => r.many.rps / r.few.rps))),
    cpuRatio: round2(
      median(rounds.map((r) => r.few.cpuMicrosPerRequest / r.many.cpuMicrosPerRequest)),
    ),
    transactions: {
      database: counter.database,
      before,
      after,
      delta: transactions,
      requests,
      perThousandRequests: round2((transactions / requests) * 1000),
      readOverAnotherDatabase: !counter.selfCounting,
    },
    rss: { startMb: service.rssStartMb, idleMb: rssIdleMb, afterManyUsersMb: rssAfterMb },
    rounds,
  };

  function summary(set) {
    return {
      rps: Math.round(of(set, 'rps')),
      p50: of(set, 'p50'),
      p99: of(set, 'p99'),
      cpuMicrosPerRequest: of(set, 'cpuMicrosPerRequest'),
    };
  }
}

/**
 * Signs access tokens as the service does (HS256, its `kid`, issuer and audience), with the claims
 * that let the guard skip the database: `email` and `roles`. A service that does not read them
 * ignores them.
 */
async function tokenSigner(secret) {
  const { default: jwt } = await import('jsonwebtoken');
  const key = createSecretKey(Buffer.from(secret, 'utf8'));
  const keyid = createHash('sha256').update(key.export()).digest('base64url').slice(0, 16);
  return (user) =>
    jwt.sign({ sid: randomUUID(), email: user.email, roles: ['user'], email_verified: true }, key, {
      algorithm: 'HS256',
      keyid,
      expiresIn: TOKEN_LIFETIME_SECONDS,
      issuer: JWT_ISSUER,
      audience: JWT_AUDIENCE,
      subject: user.id,
      jwtid: randomUUID(),
    });
}

async function expectMe(service, bearer, user) {
  const token = bearer.slice('Bearer '.length);
  const me = await expectStatus(service, 'GET', '/auth/me', { token, expect: 200 });
  if (me.body.id !== user.id) throw new Error(`GET /auth/me answered ${me.text}, not ${user.id}`);
}

/** Requests cycle through the set's tokens, carrying on where the last run stopped. */
function guardedRun(autocannon, server, set, load) {
  set.next ??= 0;
  return loadRun(autocannon, server, `GET /auth/me over ${set.name}`, {
    connections: CONNECTIONS,
    ...load,
    requests: [
      {
        method: 'GET',
        path: '/auth/me',
        setupRequest: (request) => ({
          ...request,
          headers: { authorization: set.bearers[set.next++ % set.bearers.length] },
        }),
      },
    ],
  });
}

/**
 * The phase's targets, table rows and a note on how they were taken. A row: measure, baseline, at
 * scale, ratio, target, and the check it shows (its PASS or MISS).
 */
export function guardResults(guard) {
  const { users, few, many, transactions, rss } = guard;
  const throughput = check(
    `guarded GET /auth/me: ${users} users >= 0.9x ${FEW_USERS} users (throughput)`,
    guard.ratio,
    guard.ratio >= 0.9,
  );
  const unchanged = check(
    `database transactions during the guarded phase <= ${TRANSACTION_ALLOWANCE} (unchanged)`,
    transactions.delta,
    transactions.delta <= TRANSACTION_ALLOWANCE,
  );
  return {
    note:
      `Phase 1: medians of ${ROUNDS} rounds of ${guard.requestsPerRun} requests per user set, ` +
      `${CONNECTIONS} connections; ratio: median of per-round ratios.`,
    checks: [throughput, unchanged],
    rows: [
      [
        `GET /auth/me req/s: ${FEW_USERS} users, then ${users}`,
        few.rps,
        many.rps,
        guard.ratio,
        '>= 0.9',
        throughput,
      ],
      [
        'server CPU us per request (ratio: baseline / at scale)',
        few.cpuMicrosPerRequest,
        many.cpuMicrosPerRequest,
        guard.cpuRatio,
      ],
      ['p99 ms', few.p99, many.p99],
      [
        `DB transactions during the ${transactions.requests} guarded requests (both sets)`,
        '',
        transactions.delta,
        '',
        `<= ${TRANSACTION_ALLOWANCE}`,
        unchanged,
      ],
      [
        `service RSS MB: after start, after the ${users}-user runs`,
        rss.startMb,
        rss.afterManyUsersMb,
      ],
    ].map((row) => ['1', ...row]),
  };
}
