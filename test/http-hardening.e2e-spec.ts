import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { createTestApp } from './support/test-app.js';
import { uniqueEmail } from './support/users.js';

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
});
