import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { problem, PROBLEM_JSON, unauthenticated } from './support/problems.js';
import { createTestApp } from './support/test-app.js';
import { signAccessToken } from './support/tokens.js';
import { PASSWORD, uniqueEmail } from './support/users.js';

/** The defaults: security headers on, CORS off, X-Forwarded-For not believed. */
describe('HTTP hardening by default (e2e)', () => {
  let app: NestFastifyApplication;

  beforeAll(async () => {
    app = await createTestApp();
  });

  afterAll(async () => {
    await app.close();
  });

  it.each(['/health', '/docs', '/auth/me', '/no/such/route'])(
    'sends security headers on %s, success or error',
    async (url) => {
      const response = await app.inject({ method: 'GET', url });
      expect(response.headers).toMatchObject({
        'x-content-type-options': 'nosniff',
        'x-frame-options': 'SAMEORIGIN',
        'strict-transport-security': expect.stringContaining('max-age='),
        'content-security-policy': expect.stringContaining("default-src 'self'"),
        'referrer-policy': 'no-referrer',
      });
      expect(response.headers).not.toHaveProperty('x-powered-by');
    },
  );

  it('serves the Swagger UI page with no inline script, so the CSP lets it run', async () => {
    const response = await app.inject({ method: 'GET', url: '/docs' });
    const page = response.statusCode === 200 ? response.body : '';
    expect(page).toContain('swagger-ui');
    expect(page).not.toMatch(/<script>(?!\s*<\/script>)/);
  });

  it('has no /metrics route unless METRICS_ENABLED=true', async () => {
    const response = await app.inject({ method: 'GET', url: '/metrics' });
    expect(response.statusCode).toBe(404);
    expect(response.headers['content-type']).toBe(PROBLEM_JSON);
    expect(response.json()).toEqual(
      problem('not-found', 404, 'Not Found', 'Cannot GET /metrics', '/metrics'),
    );
  });

  it('answers no CORS headers, even to a preflight', async () => {
    const preflight = await app.inject({
      method: 'OPTIONS',
      url: '/auth/me',
      headers: {
        origin: 'https://evil.example',
        'access-control-request-method': 'GET',
        'access-control-request-headers': 'authorization',
      },
    });
    expect(preflight.headers).not.toHaveProperty('access-control-allow-origin');
    const simple = await app.inject({
      method: 'GET',
      url: '/health/live',
      headers: { origin: 'https://evil.example' },
    });
    expect(simple.statusCode).toBe(200);
    expect(simple.headers).not.toHaveProperty('access-control-allow-origin');
  });

  it('ignores a forged X-Forwarded-For: the login limit still counts the real address', async () => {
    const remoteAddress = '192.0.2.77';
    const attempt = (forged: string) =>
      app.inject({
        method: 'POST',
        url: '/auth/login',
        remoteAddress,
        headers: { 'x-forwarded-for': forged },
        payload: { email: uniqueEmail('forged'), password: 'wrong-password' },
      });
    for (let i = 1; i <= 10; i++) expect((await attempt(`10.0.0.${i}`)).statusCode).toBe(401);
    expect((await attempt('10.0.0.99')).statusCode).toBe(429);
  });

  it.each([
    ['a form', 'application/x-www-form-urlencoded', 'password=x'],
    ['a text', 'text/plain', '{"email":"a@example.com","password":"a-long-enough-password"}'],
    ['a multipart', 'multipart/form-data; boundary=x', '--x--'],
  ])(
    'refuses %s body on a JSON route with 415, so no page can post it cross-site',
    async (_kind, type, payload) => {
      const response = await app.inject({
        method: 'POST',
        url: '/auth/login',
        headers: { 'content-type': type },
        payload,
      });
      expect(response.statusCode).toBe(415);
      expect(response.headers['content-type']).toBe(PROBLEM_JSON);
      expect(response.json()).toEqual(
        problem(
          'unsupported-media-type',
          415,
          'Unsupported Media Type',
          'Send the request body as application/json.',
          '/auth/login',
        ),
      );
    },
  );

  it('accepts JSON with a charset parameter', async () => {
    const response = await app.inject({
      method: 'POST',
      url: '/auth/register',
      headers: { 'content-type': 'application/json; charset=utf-8' },
      payload: JSON.stringify({ email: uniqueEmail('charset'), password: PASSWORD }),
    });
    expect(response.statusCode).toBe(201);
  });

  it('keeps a token sent in the query out of the problem body', async () => {
    const token = signAccessToken();
    const response = await app.inject({
      method: 'GET',
      url: `/auth/me?access_token=${token}&x=1`,
    });
    expect(response.statusCode).toBe(401);
    expect(response.body).not.toContain(token);
    expect(response.json()).toEqual(unauthenticated('/auth/me?access_token=[REDACTED]&x=1'));
  });
});
