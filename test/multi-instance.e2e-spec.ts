import request from 'supertest';
import { Role } from '../src/auth/role.enum.js';
import { invalidTokenChallenge, PROBLEM_JSON } from './support/problems.js';
import { freePort, ServiceBuild, type ServiceProcess } from './support/service-process.js';
import { createTestDatabase } from './support/test-database.js';
import { decode } from './support/tokens.js';
import { bearer, PASSWORD, uniqueEmail } from './support/users.js';

// Needs the production topology: run with E2E_DATABASE_URL and E2E_REDIS_URL (as .ci/run does).
const sharedStores = Boolean(process.env.DATABASE_URL && process.env.REDIS_URL);
const OWNER = { email: 'owner@example.test', password: 'owner-password' };
/** Short, so that a test can wait it out. */
const GRACE_SECONDS = 3;

interface Session {
  id: string;
  email: string;
  accessToken: string;
  refreshToken: string;
}

/** Two processes of the built service on this file's PostgreSQL database and Redis key prefix. */
(sharedStores ? describe : describe.skip)('Two instances on one PostgreSQL and one Redis', () => {
  const build = new ServiceBuild();
  let instances: ServiceProcess[] = [];
  let a: string;
  let b: string;
  let owner: Session;

  function login(base: string, email: string, password = PASSWORD) {
    return request(base).post('/auth/login').send({ email, password });
  }

  /** Registers on A and signs in on `base`; an admin is promoted by the owner. */
  async function signIn(base: string, roles: Role[] = [Role.User]): Promise<Session> {
    const email = uniqueEmail(roles.join('-'));
    const { body } = await request(a)
      .post('/auth/register')
      .send({ email, password: PASSWORD })
      .expect(201);
    if (roles.includes(Role.Admin)) {
      await request(a)
        .patch(`/admin/users/${body.id}/roles`)
        .set(bearer(owner.accessToken))
        .send({ roles })
        .expect(200);
    }
    const tokens = await login(base, email).expect(200);
    return { id: body.id, email, ...tokens.body };
  }

  beforeAll(async () => {
    build.compile();
    await createTestDatabase();
    const ports = [await freePort(), await freePort()];
    const env = (port: number) => ({
      NODE_ENV: 'test',
      HOST: '127.0.0.1',
      PORT: String(port),
      LOG_LEVEL: 'warn',
      JWT_SECRET: process.env.JWT_SECRET as string,
      DATABASE_URL: process.env.DATABASE_URL as string,
      REDIS_URL: process.env.REDIS_URL as string,
      REDIS_KEY_PREFIX: process.env.REDIS_KEY_PREFIX as string,
      SEED_DEMO_DATA: 'false',
      FIRST_ADMIN_EMAIL: OWNER.email,
      FIRST_ADMIN_PASSWORD: OWNER.password,
      REFRESH_REUSE_GRACE_SECONDS: String(GRACE_SECONDS),
    });
    // Started together: migrations and seeding must cope with a concurrent start.
    instances = ports.map((port) => build.start(env(port)));
    [a, b] = ports.map((port) => `http://127.0.0.1:${port}`);
    await Promise.all(instances.map((instance, i) => instance.waitUntilHealthy([a, b][i])));
    const tokens = await login(a, OWNER.email, OWNER.password).expect(200);
    owner = { id: '', email: OWNER.email, ...tokens.body };
  }, 120_000);

  afterAll(async () => {
    await Promise.all(instances.map((instance) => instance.stop()));
    build.remove();
  });

  it('logout on A: the access token is refused on B at once', async () => {
    const user = await signIn(a);
    await request(b).get('/auth/me').set(bearer(user.accessToken)).expect(200); // accepted on B

    await request(a).post('/auth/logout').set(bearer(user.accessToken)).expect(204);

    const response = await request(b).get('/auth/me').set(bearer(user.accessToken)).expect(401);
    expect(response.headers['www-authenticate']).toBe(
      invalidTokenChallenge('The access token has been revoked.'),
    );
  });

  it('demotion on A: the admin token gets 403 on B at once', async () => {
    const deputy = await signIn(b, [Role.User, Role.Admin]);
    await request(b).get('/admin/users').set(bearer(deputy.accessToken)).expect(200); // accepted on B

    await request(a)
      .patch(`/admin/users/${deputy.id}/roles`)
      .set(bearer(owner.accessToken))
      .send({ roles: [Role.User] })
      .expect(200);

    const response = await request(b)
      .get('/admin/users')
      .set(bearer(deputy.accessToken))
      .expect(403);
    expect(response.headers['content-type']).toBe(PROBLEM_JSON);
    await request(b)
      .get('/auth/me')
      .set(bearer(deputy.accessToken))
      .expect(200, {
        id: deputy.id,
        email: deputy.email,
        roles: [Role.User],
        emailVerified: false,
      });
  });

  it('disabling on B: the token is refused on A at once', async () => {
    const user = await signIn(a);
    await request(a).get('/auth/me').set(bearer(user.accessToken)).expect(200); // accepted on A

    await request(b)
      .patch(`/admin/users/${user.id}/status`)
      .set(bearer(owner.accessToken))
      .send({ disabled: true })
      .expect(200);

    await request(a).get('/auth/me').set(bearer(user.accessToken)).expect(401);
  });

  it('deletion on B: the token is refused on A at once', async () => {
    const user = await signIn(a);
    await request(a).get('/auth/me').set(bearer(user.accessToken)).expect(200); // accepted on A

    await request(b).delete(`/admin/users/${user.id}`).set(bearer(owner.accessToken)).expect(204);

    const response = await request(a).get('/auth/me').set(bearer(user.accessToken)).expect(401);
    expect(response.headers['www-authenticate']).toBe(
      invalidTokenChallenge('The user of this access token no longer exists or is disabled.'),
    );
  });

  it('a refresh token rotated on A and replayed on B after the grace period revokes the session everywhere', async () => {
    const user = await signIn(a);
    await request(b).get('/auth/me').set(bearer(user.accessToken)).expect(200); // accepted on B
    const rotated = await request(a)
      .post('/auth/refresh')
      .send({ refreshToken: user.refreshToken })
      .expect(200);
    await new Promise((resolve) => setTimeout(resolve, GRACE_SECONDS * 1000 + 500));

    await request(b).post('/auth/refresh').send({ refreshToken: user.refreshToken }).expect(401);

    await request(a)
      .post('/auth/refresh')
      .send({ refreshToken: rotated.body.refreshToken })
      .expect(401);
    for (const base of [a, b]) {
      await request(base).get('/auth/me').set(bearer(rotated.body.accessToken)).expect(401);
    }
  });

  it('parallel refreshes of one token split over A and B all get the same successor', async () => {
    const user = await signIn(a);
    const answers = await Promise.all(
      [a, b, a, b, a, b].map((base) =>
        request(base).post('/auth/refresh').send({ refreshToken: user.refreshToken }),
      ),
    );

    expect(answers.map((answer) => answer.status)).toEqual([200, 200, 200, 200, 200, 200]);
    const successors = new Set(answers.map((answer) => answer.body.refreshToken as string));
    expect(successors.size).toBe(1);
    for (const [i, answer] of answers.entries()) {
      await request([b, a][i % 2])
        .get('/auth/me')
        .set(bearer(answer.body.accessToken))
        .expect(200);
    }
    const [successor] = successors;
    await request(b).post('/auth/refresh').send({ refreshToken: successor }).expect(200);
  });

  it('a session ended on A: its access token is refused on B at once, the other session is not', async () => {
    const user = await signIn(a);
    const other = await login(b, user.email).expect(200);
    const sessionId = decode(other.body.accessToken).sid as string;
    await request(b).get('/auth/me').set(bearer(other.body.accessToken)).expect(200); // accepted on B

    await request(a)
      .delete(`/auth/sessions/${sessionId}`)
      .set(bearer(user.accessToken))
      .expect(204);

    const response = await request(b)
      .get('/auth/me')
      .set(bearer(other.body.accessToken))
      .expect(401);
    expect(response.headers['www-authenticate']).toBe(
      invalidTokenChallenge('The access token has been revoked.'),
    );
    await request(b).get('/auth/me').set(bearer(user.accessToken)).expect(200);
  });

  it('registrations spread over A and B share one per-address limit', async () => {
    // Both instances count this address's registrations in one place: alternating between them,
    // the 30-a-minute limit is reached within 31 requests (apart, each would allow 30).
    let allowed = 0;
    for (let attempt = 0; attempt < 31; attempt++) {
      const response = await request(attempt % 2 ? b : a)
        .post('/auth/register')
        .send({});
      if (response.status === 429) break;
      expect(response.status).toBe(400);
      allowed++;
    }
    expect(allowed).toBeLessThan(31);
    await request(a).post('/auth/register').send({}).expect(429);
    await request(b).post('/auth/register').send({}).expect(429);
  });

  // Last: it exhausts this address's login attempts for a minute.
  it('failed logins spread over A and B are throttled as one count', async () => {
    const user = { email: uniqueEmail('victim') };
    for (let attempt = 1; attempt <= 10; attempt++) {
      await login(attempt % 2 ? a : b, user.email, 'wrong-password').expect(401);
    }
    for (const base of [a, b]) {
      const response = await login(base, user.email, 'wrong-password').expect(429);
      expect(Number(response.headers['retry-after'])).toBeGreaterThanOrEqual(1);
    }
  });
});
