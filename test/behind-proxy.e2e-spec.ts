import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { createTestApp } from './support/test-app.js';
import { Role } from '../src/auth/role.enum.js';
import { signIn, uniqueEmail } from './support/users.js';

/** TRUST_PROXY=true, a CORS allowlist and an admin network allowlist. */
describe('Behind a trusted proxy, with a CORS allowlist (e2e)', () => {
  let app: NestFastifyApplication;

  beforeAll(async () => {
    app = await createTestApp({
      env: {
        TRUST_PROXY: 'true',
        CORS_ORIGINS: 'https://app.example.com, https://admin.example.com',
        ADMIN_ALLOWED_CIDRS: '198.51.100.0/24',
      },
    });
  });

  afterAll(async () => {
    await app.close();
  });

  it('believes X-Forwarded-For: clients behind the proxy get limits of their own', async () => {
    const login = (client: string) =>
      app.inject({
        method: 'POST',
        url: '/auth/login',
        remoteAddress: '10.1.1.1', // the proxy
        headers: { 'x-forwarded-for': client },
        payload: { email: uniqueEmail('proxied'), password: 'wrong-password' },
      });
    for (let i = 1; i <= 10; i++) expect((await login('198.51.100.10')).statusCode).toBe(401);
    expect((await login('198.51.100.10')).statusCode).toBe(429);
    expect((await login('198.51.100.11')).statusCode).toBe(401);
  });

  it('judges the admin allowlist by the forwarded client address', async () => {
    const admin = await signIn(app, [Role.User, Role.Admin]);
    const listUsers = (client: string) =>
      app.inject({
        method: 'GET',
        url: '/admin/users',
        remoteAddress: '10.1.1.1', // the proxy, itself outside the allowed network
        headers: { 'x-forwarded-for': client, authorization: `Bearer ${admin.accessToken}` },
      });
    expect((await listUsers('198.51.100.20')).statusCode).toBe(200);
    expect((await listUsers('203.0.113.20')).statusCode).toBe(403);
  });

  it('answers a preflight from an allowed origin, exposing the auth headers', async () => {
    const response = await app.inject({
      method: 'OPTIONS',
      url: '/auth/me',
      headers: {
        origin: 'https://app.example.com',
        'access-control-request-method': 'GET',
        'access-control-request-headers': 'authorization',
      },
    });
    expect(response.statusCode).toBe(204);
    expect(response.headers).toMatchObject({
      'access-control-allow-origin': 'https://app.example.com',
      'access-control-allow-headers': 'Authorization, Content-Type',
    });
    const actual = await app.inject({
      method: 'GET',
      url: '/auth/me',
      headers: { origin: 'https://admin.example.com' },
    });
    expect(actual.statusCode).toBe(401);
    expect(actual.headers).toMatchObject({
      'access-control-allow-origin': 'https://admin.example.com',
      'access-control-expose-headers': expect.stringMatching(/^WWW-Authenticate, ?Retry-After$/),
    });
  });

  it('gives another origin no CORS headers', async () => {
    const response = await app.inject({
      method: 'GET',
      url: '/health/live',
      headers: { origin: 'https://evil.example' },
    });
    expect(response.headers).not.toHaveProperty('access-control-allow-origin');
  });
});
