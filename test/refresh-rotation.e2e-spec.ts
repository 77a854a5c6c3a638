import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { and, eq, isNotNull, isNull } from 'drizzle-orm';
import request from 'supertest';
import { refreshTokens, sessions } from '../src/auth/sessions/sessions.schema.js';
import type { Database } from '../src/database/database-connection.js';
import { DRIZZLE } from '../src/database/database.constants.js';
import { CHALLENGE, invalidTokenChallenge, problem } from './support/problems.js';
import { createTestApp } from './support/test-app.js';
import { decode, TOKEN_PAIR } from './support/tokens.js';
import { bearer, signIn } from './support/users.js';

const GRACE_SECONDS = 10;
const REVOKED = 'The access token has been revoked.';
const REFUSED = problem(
  'credentials-refused',
  401,
  'Unauthorized',
  'The refresh token is invalid, expired or already used.',
  '/auth/refresh',
);

/** Rotation under concurrency: a spent refresh token presented again within the grace period. */
describe('Refresh token rotation with a grace period (e2e)', () => {
  let app: NestFastifyApplication;
  let db: Database;
  const http = () => request(app.getHttpServer());
  const refresh = (refreshToken: string) => http().post('/auth/refresh').send({ refreshToken });
  const me = (token: string) => http().get('/auth/me').set(bearer(token));
  const sessionOf = (accessToken: string) => decode(accessToken).sid as string;

  /** The hashes of the session's refresh tokens that are not spent yet. */
  const unspentTokens = (sessionId: string) =>
    db
      .select({ id: refreshTokens.id })
      .from(refreshTokens)
      .where(and(eq(refreshTokens.sessionId, sessionId), isNull(refreshTokens.usedAt)));

  /** Moves the session's spend times back past the grace period, as if it had gone by. */
  const afterTheGracePeriod = (sessionId: string) =>
    db
      .update(refreshTokens)
      .set({ usedAt: new Date(Date.now() - (GRACE_SECONDS + 1) * 1000) })
      .where(and(eq(refreshTokens.sessionId, sessionId), isNotNull(refreshTokens.usedAt)));

  async function expectRevoked(accessTokens: string[], refreshToken: string): Promise<void> {
    await refresh(refreshToken).expect(401);
    for (const token of accessTokens) {
      const response = await me(token).expect(401);
      expect(response.headers['www-authenticate']).toBe(invalidTokenChallenge(REVOKED));
    }
  }

  beforeAll(async () => {
    app = await createTestApp({ env: { REFRESH_REUSE_GRACE_SECONDS: String(GRACE_SECONDS) } });
    db = app.get<Database>(DRIZZLE);
  });

  afterAll(async () => {
    await app.close();
  });

  it('five parallel refreshes with one token all succeed, with the same successor', async () => {
    const user = await signIn(app);
    const sessionId = sessionOf(user.accessToken);

    const answers = await Promise.all(Array.from({ length: 5 }, () => refresh(user.refreshToken)));

    expect(answers.map((answer) => answer.status)).toEqual([200, 200, 200, 200, 200]);
    for (const answer of answers) expect(answer.body).toEqual(TOKEN_PAIR);
    const successors = new Set(answers.map((answer) => answer.body.refreshToken));
    expect(successors.size).toBe(1);
    expect(successors.has(user.refreshToken)).toBe(false);
    // Each gets an access token of its own, all of the same session, all accepted.
    const accessTokens = answers.map((answer) => answer.body.accessToken as string);
    expect(new Set(accessTokens.map((token) => decode(token).jti)).size).toBe(5);
    for (const token of accessTokens) {
      expect(sessionOf(token)).toBe(sessionId);
      await me(token).expect(200);
    }
    // One refresh token of the session is live: the successor, which rotates as usual.
    expect(await unspentTokens(sessionId)).toHaveLength(1);
    const next = await refresh(answers[0].body.refreshToken).expect(200);
    expect(sessionOf(next.body.accessToken)).toBe(sessionId);
    expect(await unspentTokens(sessionId)).toHaveLength(1);
  });

  it('a spent token presented again within the grace period gets the same successor', async () => {
    const user = await signIn(app);
    const first = await refresh(user.refreshToken).expect(200);
    const again = await refresh(user.refreshToken).expect(200);

    expect(again.body.refreshToken).toBe(first.body.refreshToken);
    expect(again.body.accessToken).not.toBe(first.body.accessToken);
    for (const token of [user.accessToken, first.body.accessToken, again.body.accessToken]) {
      await me(token).expect(200);
    }
    expect(await unspentTokens(sessionOf(user.accessToken))).toHaveLength(1);
    await refresh(first.body.refreshToken).expect(200);
  });

  it('after the grace period, presenting the spent token is reuse: the session is revoked', async () => {
    const user = await signIn(app);
    const rotated = await refresh(user.refreshToken).expect(200);
    await afterTheGracePeriod(sessionOf(user.accessToken));

    const reuse = await refresh(user.refreshToken).expect(401);

    expect(reuse.headers['www-authenticate']).toBe(CHALLENGE);
    expect(reuse.body).toEqual(REFUSED);
    await expectRevoked([user.accessToken, rotated.body.accessToken], rotated.body.refreshToken);
  });

  it('within the grace period, a spent token whose successor was spent too is reuse', async () => {
    const user = await signIn(app);
    const first = await refresh(user.refreshToken).expect(200);
    const second = await refresh(first.body.refreshToken).expect(200);

    await refresh(user.refreshToken).expect(401);

    await expectRevoked(
      [first.body.accessToken, second.body.accessToken],
      second.body.refreshToken,
    );
  });

  it('within the grace period, a spent token of a session that was logged out is refused', async () => {
    const user = await signIn(app);
    const rotated = await refresh(user.refreshToken).expect(200);
    await http().post('/auth/logout').set(bearer(rotated.body.accessToken)).expect(204);

    const response = await refresh(user.refreshToken).expect(401);
    expect(response.body).toEqual(REFUSED);
  });

  it('moves the session’s last use forward on every refresh, the repeated one too', async () => {
    const user = await signIn(app);
    const sessionId = sessionOf(user.accessToken);
    const lastUse = async () => {
      const [row] = await db
        .select({ createdAt: sessions.createdAt, lastUsedAt: sessions.lastUsedAt })
        .from(sessions)
        .where(eq(sessions.id, sessionId));
      return row;
    };
    const started = await lastUse();
    expect(started.lastUsedAt).toEqual(started.createdAt);

    await new Promise((resolve) => setTimeout(resolve, 20));
    await refresh(user.refreshToken).expect(200);
    const rotated = await lastUse();
    await new Promise((resolve) => setTimeout(resolve, 20));
    await refresh(user.refreshToken).expect(200);
    const repeated = await lastUse();

    expect(rotated.createdAt).toEqual(started.createdAt);
    expect(rotated.lastUsedAt.getTime()).toBeGreaterThan(started.lastUsedAt.getTime());
    expect(repeated.lastUsedAt.getTime()).toBeGreaterThan(rotated.lastUsedAt.getTime());
  });
});
