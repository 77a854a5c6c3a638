import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { AuditLog, type AccessDeniedEvent } from '../src/audit/audit-log.js';
import { Role } from '../src/auth/role.enum.js';
import { REQUEST_ID } from './support/problems.js';
import { createTestApp } from './support/test-app.js';
import { signAccessToken } from './support/tokens.js';
import { bearer, PASSWORD, signIn, signInThenDelete, uniqueEmail } from './support/users.js';

describe('Audit trail of refused requests (e2e)', () => {
  let app: NestFastifyApplication;
  let events: AccessDeniedEvent[];
  const http = () => request(app.getHttpServer());

  beforeAll(async () => {
    // Strict rotation, so that a refresh token presented twice is reuse at once.
    app = await createTestApp({ env: { REFRESH_REUSE_GRACE_SECONDS: '0' } });
    const auditLog = app.get(AuditLog);
    jest.spyOn(auditLog, 'accessDenied').mockImplementation((event) => void events.push(event));
  });

  beforeEach(() => {
    events = [];
  });

  afterAll(async () => {
    await app.close();
  });

  /** The one event the response produced, matched to it by request id. */
  function eventOf(response: request.Response): AccessDeniedEvent {
    expect(response.headers['x-request-id']).toEqual(REQUEST_ID);
    expect(response.body.requestId).toBe(response.headers['x-request-id']);
    expect(events).toHaveLength(1);
    expect(events[0].requestId).toBe(response.headers['x-request-id']);
    return events[0];
  }

  const expected = (
    reason: string,
    status: number,
    userId: string | null,
    route: string,
    method = 'GET',
  ) => ({
    reason,
    status,
    userId,
    method,
    route,
    clientAddress: expect.stringMatching(/127\.0\.0\.1$/),
    requestId: REQUEST_ID,
  });

  it('gives every response a request id, successful ones too', async () => {
    const response = await http().get('/health').expect(200);
    expect(response.headers['x-request-id']).toEqual(REQUEST_ID);
    expect(events).toEqual([]);
  });

  it('does not believe a client-sent X-Request-Id', async () => {
    const response = await http().get('/auth/me').set('x-request-id', 'forged').expect(401);
    expect(response.headers['x-request-id']).not.toBe('forged');
    expect(eventOf(response).requestId).not.toBe('forged');
  });

  it.each([
    ['missing_token', () => ({})],
    ['malformed_token', () => bearer('not.a.jwt')],
    [
      'bad_signature',
      () => bearer(signAccessToken({ secret: 'another-secret-that-is-32-bytes-long!!' })),
    ],
    ['expired_token', () => bearer(signAccessToken({ expiresIn: -10 }))],
  ])('%s: 401 on a guarded route', async (reason, headers) => {
    const response = await http().get('/auth/me').set(headers()).expect(401);
    expect(eventOf(response)).toEqual(expected(reason, 401, null, '/auth/me'));
  });

  it('unknown_user: a valid token of a user deleted since names the subject', async () => {
    const deleted = await signInThenDelete(app);
    events = [];
    const response = await http().get('/auth/me').set(bearer(deleted.accessToken)).expect(401);
    expect(eventOf(response)).toEqual(expected('unknown_user', 401, deleted.id, '/auth/me'));
  });

  it('revoked_token: a logged-out token', async () => {
    const user = await signIn(app);
    await http().post('/auth/logout').set(bearer(user.accessToken)).expect(204);
    events = [];
    const response = await http().get('/auth/me').set(bearer(user.accessToken)).expect(401);
    expect(eventOf(response)).toEqual(expected('revoked_token', 401, user.id, '/auth/me'));
  });

  it('insufficient_role: a shopper on an admin route, with the route pattern', async () => {
    const shopper = await signIn(app, [Role.User]);
    const response = await http()
      .patch(`/admin/users/${randomUUID()}/roles`)
      .set(bearer(shopper.accessToken))
      .send({ roles: ['admin'] })
      .expect(403);
    expect(eventOf(response)).toEqual(
      expected('insufficient_role', 403, shopper.id, '/admin/users/:id/roles', 'PATCH'),
    );
  });

  it('bad_credentials: a wrong password names the account, an unknown email does not', async () => {
    const user = await signIn(app);
    const wrong = await http()
      .post('/auth/login')
      .send({ email: user.email, password: 'wrong-password' })
      .expect(401);
    expect(eventOf(wrong)).toEqual(
      expected('bad_credentials', 401, user.id, '/auth/login', 'POST'),
    );

    events = [];
    const unknown = await http()
      .post('/auth/login')
      .send({ email: uniqueEmail('nobody'), password: 'wrong-password' })
      .expect(401);
    expect(eventOf(unknown)).toEqual(expected('bad_credentials', 401, null, '/auth/login', 'POST'));
  });

  it('refresh_reuse: a spent refresh token presented again', async () => {
    const user = await signIn(app);
    await http().post('/auth/refresh').send({ refreshToken: user.refreshToken }).expect(200);
    events = [];
    const response = await http()
      .post('/auth/refresh')
      .send({ refreshToken: user.refreshToken })
      .expect(401);
    expect(eventOf(response)).toEqual(
      expected('refresh_reuse', 401, user.id, '/auth/refresh', 'POST'),
    );
  });

  it('throttled: the login attempt over the limit', async () => {
    const remoteAddress = '192.0.2.200';
    const attempt = () =>
      app.inject({
        method: 'POST',
        url: '/auth/login',
        remoteAddress,
        payload: { email: uniqueEmail('guess'), password: 'wrong-password' },
      });
    for (let i = 0; i < 10; i++) await attempt();
    events = [];
    const response = await attempt();
    expect(response.statusCode).toBe(429);
    expect(events).toEqual([
      { ...expected('throttled', 429, null, '/auth/login', 'POST'), clientAddress: remoteAddress },
    ]);
  });

  it('never records a token or a password', async () => {
    const user = await signIn(app);
    await http().get('/admin/users').set(bearer(user.accessToken)).expect(403);
    await http()
      .post('/auth/login')
      .send({ email: user.email, password: PASSWORD.repeat(2) });
    await http().post('/auth/refresh').send({ refreshToken: user.refreshToken });
    await http().post('/auth/refresh').send({ refreshToken: user.refreshToken });
    const recorded = JSON.stringify(events);
    expect(events.length).toBeGreaterThanOrEqual(3);
    for (const secret of [user.accessToken, user.refreshToken, PASSWORD]) {
      expect(recorded).not.toContain(secret);
    }
  });
});
