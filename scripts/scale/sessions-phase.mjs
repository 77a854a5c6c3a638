// Phase 3 of the scale bench: sessions and refresh_tokens rows after a soak of logins and
// refreshes, once lifetimes and retention have passed and the cleanup has run.
import { setTimeout as sleep } from 'node:timers/promises';
import { check } from '../bench-report.mjs';
import { expectStatus } from '../service-client.mjs';
import { assertAlive, startServer, stopServer } from '../service-process.mjs';
import { secondsSince } from './measure.mjs';

/** Phase 3's lifetimes (seconds): the smallest the service accepts, so expiry comes quickly. */
const LIFETIMES = {
  JWT_ACCESS_TTL: 30, // minimum 30
  REFRESH_TOKEN_TTL: 60, // minimum 60
  SESSION_RETENTION: 30, // at least JWT_ACCESS_TTL: a revoked session outlives its access tokens
  CLEANUP_INTERVAL: 5,
};
const SOAK_WORKERS = 4;
const REFRESHES_PER_LOGIN = 5;
const KEEP_ALIVE_SECONDS = 10;
const SOAK_PASSWORD = 'scale-soak-password';

/**
 * A second service with short lifetimes and a frequent cleanup. SOAK_WORKERS users each log in and
 * refresh that session REFRESHES_PER_LOGIN times, over and over; the last session of each stays
 * live (refreshed every KEEP_ALIVE_SECONDS), the others are abandoned. `finish()` waits until the
 * abandoned ones have expired, the retention has passed and the cleanup has run, then counts.
 */
export async function soakSessions({ db, settings, serviceEnv, pinned }) {
  const { soakSeconds } = settings;
  console.log(
    `\nPhase 3: logins and refreshes for ${soakSeconds} s, then lifetimes pass ` +
      `(${Object.entries(LIFETIMES)
        .map(([name, value]) => `${name}=${value}`)
        .join(', ')})`,
  );
  const lifetimes = Object.entries(LIFETIMES).map(([name, value]) => [name, String(value)]);
  const env = serviceEnv(Object.fromEntries(lifetimes));
  const server = await startServer({ name: 'retention', nodeArgs: ['dist/main.js'], env, pinned });
  const users = [];
  for (let i = 0; i < SOAK_WORKERS; i++) {
    const body = { email: `scale-soak-${i}@example.test`, password: SOAK_PASSWORD };
    const created = await expectStatus(server, 'POST', '/auth/register', { body });
    users.push({ ...body, id: created.body.id });
  }
  const userIds = users.map((user) => user.id);
  const soakEnd = Date.now() + soakSeconds * 1000;
  const workers = await Promise.all(users.map((user) => soakAs(server, user, soakEnd)));
  const live = workers.map((worker) => worker.live);
  const afterSoak = await countSessions(db, userIds);
  const logins = workers.reduce((sum, worker) => sum + worker.logins, 0);
  const refreshes = workers.reduce((sum, worker) => sum + worker.refreshes, 0);
  console.log(
    `  ${logins} logins and ${refreshes} refreshes: ${afterSoak.sessions} sessions, ` +
      `${afterSoak.refreshTokens} refresh tokens; ${live.length} sessions kept live`,
  );
  // Every abandoned session has expired, plus the retention, plus one cleanup interval.
  const { rows } = await db.query(
    `select max(expires_at) as last from sessions where user_id = any($1) and id <> all($2)`,
    [userIds, live.map((session) => session.id)],
  );
  const { SESSION_RETENTION, CLEANUP_INTERVAL, REFRESH_TOKEN_TTL } = LIFETIMES;
  const lastExpiry = rows[0].last?.getTime() ?? soakEnd + REFRESH_TOKEN_TTL * 1000;
  const deadline = lastExpiry + (SESSION_RETENTION + CLEANUP_INTERVAL + 2) * 1000;
  const timeline = [];
  const until = { deadline, finishing: false };
  const keepAlive = keepSessionsAlive(server, live, until, async () =>
    timeline.push({ seconds: secondsSince(soakEnd), ...(await countSessions(db, userIds)) }),
  );
  keepAlive.catch(() => {}); // a failure surfaces in finish(), not as an unhandled rejection

  return {
    async finish() {
      until.finishing = true;
      await keepAlive;
      const afterCleanup = await countSessions(db, userIds);
      assertAlive(server);
      await stopServer(server);
      // A live session keeps its newest token and those spent within lifetime + retention +
      // cleanup interval, one per KEEP_ALIVE_SECONDS (one more for the shorter last wait).
      const window = REFRESH_TOKEN_TTL + SESSION_RETENTION + CLEANUP_INTERVAL;
      const perLiveSession = 2 + Math.ceil(window / KEEP_ALIVE_SECONDS);
      console.log(
        `\nPhase 3, ${secondsSince(soakEnd)} s after the soak: ${afterCleanup.sessions} sessions ` +
          `(${afterCleanup.liveSessions} live), ${afterCleanup.refreshTokens} refresh tokens`,
      );
      return {
        lifetimes: LIFETIMES,
        soakSeconds,
        workers: SOAK_WORKERS,
        logins,
        refreshes,
        keptLive: live.length,
        afterSoak,
        afterCleanup,
        secondsAfterSoak: secondsSince(soakEnd),
        bound: { sessions: live.length, refreshTokens: live.length * perLiveSession },
        timeline,
      };
    },
  };
}

async function soakAs(server, user, soakEnd) {
  const credentials = { email: user.email, password: user.password };
  let logins = 0;
  let refreshes = 0;
  let live;
  while (Date.now() < soakEnd) {
    const login = await expectStatus(server, 'POST', '/auth/login', {
      body: credentials,
      expect: 200,
    });
    logins++;
    let pair = login.body;
    for (let i = 0; i < REFRESHES_PER_LOGIN && Date.now() < soakEnd; i++) {
      pair = await refresh(server, pair.refreshToken);
      refreshes++;
    }
    live = { id: sessionIdOf(pair.accessToken), refreshToken: pair.refreshToken };
  }
  return { logins, refreshes, live };
}

/**
 * Refreshes each live session every KEEP_ALIVE_SECONDS, and counts rows, until the deadline has
 * passed and `finish()` was called (the other phases may still be running at the deadline).
 */
async function keepSessionsAlive(server, live, until, sample) {
  while (!until.finishing || Date.now() < until.deadline) {
    const left = until.finishing ? until.deadline - Date.now() : Infinity;
    await sleep(Math.max(0, Math.min(KEEP_ALIVE_SECONDS * 1000, left)));
    assertAlive(server);
    for (const session of live) {
      session.refreshToken = (await refresh(server, session.refreshToken)).refreshToken;
    }
    await sample();
  }
}

async function refresh(server, refreshToken) {
  const body = { refreshToken };
  return (await expectStatus(server, 'POST', '/auth/refresh', { body, expect: 200 })).body;
}

function sessionIdOf(accessToken) {
  return JSON.parse(Buffer.from(accessToken.split('.')[1], 'base64url').toString()).sid;
}

async function countSessions(db, userIds) {
  const { rows } = await db.query(
    `select
       (select count(*) from sessions where user_id = any($1))::int as sessions,
       (select count(*) from sessions where user_id = any($1)
          and revoked_at is null and expires_at > now())::int as "liveSessions",
       (select count(*) from refresh_tokens t join sessions s on s.id = t.session_id
          where s.user_id = any($1))::int as "refreshTokens"`,
    [userIds],
  );
  return rows[0];
}

/** The phase's targets, table rows and note (see guardResults). */
export function tableResults(tables) {
  const { afterSoak, afterCleanup, bound } = tables;
  const sessions = check(
    `sessions rows after the cleanup <= live sessions (${bound.sessions})`,
    afterCleanup.sessions,
    afterCleanup.sessions <= bound.sessions,
  );
  const tokens = check(
    `refresh_tokens rows after the cleanup <= ${bound.refreshTokens} (live sessions' recent tokens)`,
    afterCleanup.refreshTokens,
    afterCleanup.refreshTokens <= bound.refreshTokens,
  );
  return {
    note: `Phase 3: rows of the soak's users, ${tables.secondsAfterSoak} s after the soak.`,
    checks: [sessions, tokens],
    rows: [
      [
        `sessions rows: after the soak, then after the cleanup (${afterCleanup.liveSessions} live)`,
        afterSoak.sessions,
        afterCleanup.sessions,
        '',
        `<= ${bound.sessions}`,
        sessions,
      ],
      [
        'refresh_tokens rows: after the soak, then after the cleanup',
        afterSoak.refreshTokens,
        afterCleanup.refreshTokens,
        '',
        `<= ${bound.refreshTokens}`,
        tokens,
      ],
    ].map((row) => ['3', ...row]),
  };
}
