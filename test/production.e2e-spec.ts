import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import request from 'supertest';
import { Role } from '../src/auth/role.enum.js';
import type { DatabaseConnection } from '../src/database/database-connection.js';
import { DATABASE_CONNECTION } from '../src/database/database.constants.js';
import { problem, PROBLEM_JSON } from './support/problems.js';
import { createTestApp, PRODUCTION_ENV } from './support/test-app.js';
import { signAccessToken } from './support/tokens.js';
import { bearer, signIn } from './support/users.js';

describe('In production (NODE_ENV=production)', () => {
  let app: NestFastifyApplication;
  const http = () => request(app.getHttpServer());

  beforeAll(async () => {
    app = await createTestApp({
      env: {
        ...PRODUCTION_ENV,
        FIRST_ADMIN_EMAIL: 'owner@example.test',
        FIRST_ADMIN_PASSWORD: 'first-admin-password',
      },
    });
  });

  afterAll(async () => {
    await app.close();
  });

  it('seeds no demo accounts', async () => {
    for (const email of ['admin@example.com', 'user@example.com']) {
      await http().post('/auth/login').send({ email, password: 'demo-password' }).expect(401);
    }
  });

  it.each(['/docs', '/docs-json', '/metrics'])(
    'has no %s route: docs are off by default and metrics are off unless enabled',
    async (path) => {
      const response = await http().get(path).expect(404);
      expect(response.headers['content-type']).toBe(PROBLEM_JSON);
      expect(response.body).toEqual(
        problem('not-found', 404, 'Not Found', `Cannot GET ${path}`, path),
      );
    },
  );

  it('creates the first admin from FIRST_ADMIN_EMAIL and FIRST_ADMIN_PASSWORD', async () => {
    const login = await http()
      .post('/auth/login')
      .send({ email: 'owner@example.test', password: 'first-admin-password' })
      .expect(200);
    const users = await http().get('/admin/users').set(bearer(login.body.accessToken)).expect(200);
    expect(users.body).toEqual({
      items: [
        {
          id: expect.any(String),
          email: 'owner@example.test',
          roles: ['user', 'admin'],
          disabled: false,
          emailVerified: true, // the first admin's address is the operator's choice
          createdAt: expect.any(String),
        },
      ],
      nextCursor: null,
    });
  });

  it('reports readiness as up or down per dependency, without naming the driver', async () => {
    const checks = {
      database: { status: 'up' },
      ...(process.env.REDIS_URL && { redis: { status: 'up' } }),
    };
    const response = await http().get('/health').expect(200);
    expect(response.body).toEqual({ status: 'ok', info: checks, error: {}, details: checks });
  });

  it('answers 403 without naming the missing role', async () => {
    const shopper = await signIn(app, [Role.User]);
    const response = await http().get('/admin/users').set(bearer(shopper.accessToken)).expect(403);
    expect(response.headers['content-type']).toBe(PROBLEM_JSON);
    expect(response.body).toEqual(
      problem(
        'role-missing',
        403,
        'Forbidden',
        'You are not allowed to perform this action.',
        '/admin/users',
      ),
    );
  });

  it('keeps each problem type: an expired token is told from a forged one', async () => {
    const user = await signIn(app, [Role.User]);
    const types = await Promise.all(
      [
        signAccessToken({ sub: user.id, expiresIn: -60 }),
        signAccessToken({ sub: user.id, secret: 'not-the-secret' }),
      ].map(
        async (token) => (await http().get('/auth/me').set(bearer(token)).expect(401)).body.type,
      ),
    );
    expect(types).toEqual(['/problems/token-expired', '/problems/token-invalid']);
  });

  it('still says that the current password is wrong: that detail hides nothing', async () => {
    const user = await signIn(app, [Role.User]);
    const response = await http()
      .post('/auth/password')
      .set(bearer(user.accessToken))
      .send({ currentPassword: 'not-the-password', newPassword: 'a-brand-new-password' })
      .expect(403);
    expect(response.body).toEqual(
      problem(
        'current-password-refused',
        403,
        'Forbidden',
        'The current password is wrong.',
        '/auth/password',
      ),
    );
  });

  // Runs last: it closes the database under the running app.
  it('answers a server error with no stack trace or internals, and reports the database down', async () => {
    const admin = await signIn(app, [Role.User, Role.Admin]);
    // Once let in, this admin is judged from memory: the next database read is the handler's.
    await http().get('/admin/users').set(bearer(admin.accessToken)).expect(200);
    await app.get<DatabaseConnection>(DATABASE_CONNECTION).close();

    const response = await http().get('/admin/users').set(bearer(admin.accessToken)).expect(500);
    expect(response.headers['content-type']).toBe(PROBLEM_JSON);
    expect(response.body).toEqual(
      problem(
        'about:blank',
        500,
        'Internal Server Error',
        'An unexpected error occurred.',
        '/admin/users',
      ),
    );

    await http().get('/health/live').expect(200);
    const health = await http().get('/health').expect(503);
    expect(health.body).toEqual(
      problem('service-unavailable', 503, 'Service Unavailable', 'Unhealthy: database', '/health'),
    );
  });
});
