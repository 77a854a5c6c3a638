import { randomUUID } from 'node:crypto';
import { ConfigService } from '@nestjs/config';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { SchedulerRegistry } from '@nestjs/schedule';
import { eq, inArray, type SQL, sql } from 'drizzle-orm';
import request from 'supertest';
import { accountTokens } from '../src/auth/account/account-tokens.schema.js';
import { refreshTokens, sessions } from '../src/auth/sessions/sessions.schema.js';
import type { Environment } from '../src/config/environment.js';
import { type Database, openDatabase } from '../src/database/database-connection.js';
import { DRIZZLE } from '../src/database/database.constants.js';
import { PgliteMaintenance } from '../src/database/pglite-maintenance.js';
import { RetentionService } from '../src/retention/retention.service.js';
import { UserAccessChanges } from '../src/users/user-access-changes.js';
import { userAccessChanges } from '../src/users/user-access-changes.schema.js';
import { users } from '../src/users/users.schema.js';
import { createTestApp } from './support/test-app.js';
import { signIn, uniqueEmail } from './support/users.js';

const HOUR = 3_600_000;
const ago = (ms: number) => new Date(Date.now() - ms);

describe('Cleanup of expired sessions and tokens (e2e)', () => {
  let app: NestFastifyApplication;
  let db: Database;
  let config: ConfigService<Environment, true>;
  let retention: RetentionService;
  let retentionMs: number;

  beforeAll(async () => {
    app = await createTestApp();
    db = app.get(DRIZZLE);
    config = app.get(ConfigService);
    retention = app.get(RetentionService);
    retentionMs = config.get('SESSION_RETENTION', { infer: true }) * 1000;
  });

  afterAll(async () => {
    await app.close();
  });

  async function newUser(): Promise<string> {
    const [user] = await db
      .insert(users)
      .values({ email: uniqueEmail('cleanup'), passwordHash: 'not-a-hash' })
      .returning({ id: users.id });
    return user.id;
  }

  /** A session with one token per entry of `tokens`, straight in the database. */
  async function newSession(
    userId: string,
    session: { expiresAt: Date; revokedAt?: Date },
    tokens: { usedAt?: Date }[] = [{}],
  ): Promise<{ id: string; tokenIds: string[] }> {
    const [{ id }] = await db
      .insert(sessions)
      .values({ userId, ...session })
      .returning({ id: sessions.id });
    const rows = await db
      .insert(refreshTokens)
      .values(
        tokens.map(({ usedAt }) => ({
          sessionId: id,
          tokenHash: `${id}-${Math.random()}`,
          expiresAt: session.expiresAt,
          usedAt,
        })),
      )
      .returning({ id: refreshTokens.id });
    return { id, tokenIds: rows.map((row) => row.id) };
  }

  const sessionIds = async (ids: string[]) =>
    (await db.select({ id: sessions.id }).from(sessions).where(inArray(sessions.id, ids)))
      .map((row) => row.id)
      .sort();
  const tokenIds = async (ids: string[]) =>
    (
      await db
        .select({ id: refreshTokens.id })
        .from(refreshTokens)
        .where(inArray(refreshTokens.id, ids))
    )
      .map((row) => row.id)
      .sort();

  it('deletes sessions ended longer than the retention ago and spent tokens as old; keeps the rest', async () => {
    const userId = await newUser();
    const beyond = ago(retentionMs + HOUR);
    const within = ago(retentionMs - HOUR);
    const live = await newSession(userId, { expiresAt: ago(-HOUR) }, [
      { usedAt: beyond },
      { usedAt: within },
      {},
    ]);
    const expiredRecently = await newSession(userId, { expiresAt: within });
    const revokedRecently = await newSession(userId, { expiresAt: ago(-HOUR), revokedAt: within });
    const expiredLongAgo = await newSession(userId, { expiresAt: beyond }, [
      { usedAt: beyond },
      {},
    ]);
    const revokedLongAgo = await newSession(userId, { expiresAt: ago(-HOUR), revokedAt: beyond });

    const pruned = await retention.prune();

    // Directly: the token spent long ago and the two of the long-expired session; the revoked
    // session's unexpired token goes with its session.
    expect(pruned).toEqual({
      sessions: 2,
      refreshTokens: 3,
      userAccessChanges: 0,
      accountTokens: 0,
    });
    const kept = [live, expiredRecently, revokedRecently];
    expect(await sessionIds([...kept, expiredLongAgo, revokedLongAgo].map((s) => s.id))).toEqual(
      kept.map((s) => s.id).sort(),
    );
    const allTokens = [live, expiredRecently, revokedRecently, expiredLongAgo, revokedLongAgo];
    expect(await tokenIds(allTokens.flatMap((s) => s.tokenIds))).toEqual(
      [...live.tokenIds.slice(1), ...expiredRecently.tokenIds, ...revokedRecently.tokenIds].sort(),
    );
    expect(await retention.prune()).toEqual({
      sessions: 0,
      refreshTokens: 0,
      userAccessChanges: 0,
      accountTokens: 0,
    });
  });

  it('deletes user access changes older than twice their lifetime (one token lifetime and a minute)', async () => {
    const lifetimeMs =
      2 *
      (config.get('JWT_ACCESS_TTL', { infer: true }) +
        config.get('JWT_CLOCK_TOLERANCE', { infer: true }) +
        60) *
      1000;
    const change = (changedAt: Date) => ({
      userId: randomUUID(),
      version: 1,
      email: uniqueEmail('changed'),
      roles: [],
      refused: false,
      changedAt,
    });
    const old = change(ago(lifetimeMs + 1000));
    const recent = change(ago(lifetimeMs - 10_000));
    await db.insert(userAccessChanges).values([old, recent]);

    expect(await retention.prune()).toEqual({
      sessions: 0,
      refreshTokens: 0,
      userAccessChanges: 1,
      accountTokens: 0,
    });
    const left = await db
      .select({ userId: userAccessChanges.userId })
      .from(userAccessChanges)
      .where(inArray(userAccessChanges.userId, [old.userId, recent.userId]));
    expect(left).toEqual([{ userId: recent.userId }]);
  });

  it('deletes account tokens used or expired longer than the retention ago; keeps the rest', async () => {
    const userId = await newUser();
    const beyond = ago(retentionMs + HOUR);
    const within = ago(retentionMs - HOUR);
    const token = (expiresAt: Date, usedAt?: Date) => ({
      userId,
      purpose: 'password_reset' as const,
      tokenHash: randomUUID(),
      expiresAt,
      usedAt,
    });
    const rows = await db
      .insert(accountTokens)
      .values([
        token(ago(-HOUR)), // live
        token(ago(-HOUR), within), // used recently
        token(within), // expired recently
        token(ago(-HOUR), beyond), // used long ago
        token(beyond), // expired long ago
      ])
      .returning({ id: accountTokens.id });

    expect(await retention.prune()).toEqual({
      sessions: 0,
      refreshTokens: 0,
      userAccessChanges: 0,
      accountTokens: 2,
    });
    const left = await db
      .select({ id: accountTokens.id })
      .from(accountTokens)
      .where(eq(accountTokens.userId, userId));
    expect(left.map((row) => row.id).sort()).toEqual(
      rows
        .slice(0, 3)
        .map((row) => row.id)
        .sort(),
    );
  });

  it('leaves a signed-in session working: its refresh token still rotates after a cleanup', async () => {
    const user = await signIn(app);
    await retention.prune();
    const response = await request(app.getHttpServer())
      .post('/auth/refresh')
      .send({ refreshToken: user.refreshToken })
      .expect(200);
    expect(response.body.refreshToken).toEqual(expect.any(String));
  });

  it('is scheduled, and on the embedded database so is its vacuum and checkpoint', async () => {
    const embedded = !config.get('DATABASE_URL', { infer: true });
    expect(app.get(SchedulerRegistry).getIntervals().sort()).toEqual(
      embedded ? ['Cleanup', 'PGlite maintenance'] : ['Cleanup'],
    );
    if (!embedded) return;
    // Only reached on PGlite, whose results carry their rows in `rows`.
    const query = async <T>(statement: SQL) =>
      ((await db.execute(statement)) as unknown as { rows: T[] }).rows;
    const [before] = await query<{ lsn: string }>(sql`select pg_current_wal_lsn() as lsn`);

    await app.get(PgliteMaintenance).run();

    const [after] = await query<{ moved: boolean; vacuumed: boolean }>(sql`
      select redo_lsn >= ${before.lsn}::pg_lsn as moved,
        (select last_vacuum is not null from pg_stat_user_tables where relname = 'sessions') as vacuumed
      from pg_control_checkpoint()`);
    expect(after).toEqual({ moved: true, vacuumed: true });
  });

  /**
   * Two instances together. On PostgreSQL the second job has a connection pool of its own, so its
   * statements meet the first one's exactly as another process's would: the row locks, SKIP LOCKED
   * and cascades are the server's, not this process's. PGlite has one connection, so there the two
   * runs interleave their statements on it.
   */
  it('two instances running it at once delete every expired row once, without error', async () => {
    const url = config.get('DATABASE_URL', { infer: true });
    const other = url
      ? await openDatabase({
          url,
          dataDir: '',
          poolMax: 4,
          statementTimeoutMs: 10_000,
          connectTimeoutMs: 5_000,
        })
      : undefined;
    try {
      const second = other
        ? new RetentionService(
            other.db,
            config,
            new SchedulerRegistry(),
            app.get(UserAccessChanges),
          )
        : retention;
      const userId = await newUser();
      const live = await newSession(userId, { expiresAt: ago(-HOUR) });
      const count = 2500;
      await db.execute(sql`
        insert into sessions (user_id, expires_at, revoked_at)
        select ${userId}, now() - ${`${retentionMs + HOUR} milliseconds`}::interval,
          case when n % 2 = 0 then now() - ${`${retentionMs + HOUR} milliseconds`}::interval end
        from generate_series(1, ${count}) as n`);
      await db.execute(sql`
        insert into refresh_tokens (session_id, token_hash, expires_at, used_at)
        select s.id, s.id::text || '-' || t::text, s.expires_at, case when t = 1 then s.expires_at end
        from sessions s, generate_series(1, 2) as t
        where s.user_id = ${userId} and s.id <> ${live.id}`);

      const runs = await Promise.all([retention.prune(), second.prune(), retention.prune()]);

      expect(runs.reduce((sum, run) => sum + run.sessions, 0)).toBe(count);
      const tokensCounted = runs.reduce((sum, run) => sum + run.refreshTokens, 0);
      expect(tokensCounted).toBeLessThanOrEqual(2 * count); // the rest went with their sessions
      const left = await db
        .select({ id: sessions.id })
        .from(sessions)
        .where(eq(sessions.userId, userId));
      expect(left).toEqual([{ id: live.id }]);
      expect(await tokenIds(live.tokenIds)).toEqual(live.tokenIds);
      const tokensLeft = await db
        .select({ id: refreshTokens.id })
        .from(refreshTokens)
        .innerJoin(sessions, eq(sessions.id, refreshTokens.sessionId))
        .where(eq(sessions.userId, userId));
      expect(tokensLeft).toHaveLength(1);
    } finally {
      await other?.close();
    }
  });
});
