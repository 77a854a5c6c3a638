import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import request from 'supertest';
import { PROBLEM_TYPES } from '../src/problem-details/problem-types.js';
import { Role } from '../src/auth/role.enum.js';
import { nextStep } from './support/problem-client.js';
import { problem, PROBLEM_JSON, PROBLEM_TYPE_SLUGS, problemType } from './support/problems.js';
import { createTestApp } from './support/test-app.js';
import { signAccessToken } from './support/tokens.js';
import { bearer, signIn } from './support/users.js';

const HTML = 'text/html; charset=utf-8';

describe('Problem types (e2e)', () => {
  let app: NestFastifyApplication;
  const http = () => request(app.getHttpServer());

  beforeAll(async () => {
    app = await createTestApp();
  });

  afterAll(async () => {
    await app.close();
  });

  it('documents exactly the types the tests know', () => {
    expect(Object.keys(PROBLEM_TYPES).sort()).toEqual([...PROBLEM_TYPE_SLUGS].sort());
  });

  it.each(PROBLEM_TYPE_SLUGS)('serves the page of %s to anyone, as HTML', async (slug) => {
    const response = await http().get(problemType(slug)).expect(200);
    expect(response.headers['content-type']).toBe(HTML);
    expect(response.headers['cache-control']).toBe('public, max-age=86400');
    expect(response.text).toContain(`<h1>${PROBLEM_TYPES[slug].title}</h1>`);
    expect(response.text).toContain(`HTTP status ${PROBLEM_TYPES[slug].status} `);
  });

  it('lists every type at /problems', async () => {
    const response = await http().get('/problems').expect(200);
    expect(response.headers['content-type']).toBe(HTML);
    for (const slug of PROBLEM_TYPE_SLUGS) {
      expect(response.text).toContain(`href="${problemType(slug)}"`);
    }
  });

  it.each(['no-such-type', 'toString', 'about:blank'])('answers 404 for %s', async (slug) => {
    const response = await http().get(`/problems/${slug}`).expect(404);
    expect(response.headers['content-type']).toBe(PROBLEM_JSON);
    expect(response.body).toEqual(
      problem('not-found', 404, 'Not Found', 'No such problem type.', `/problems/${slug}`),
    );
  });

  it('tells an expired token from a forged one and from none, by type alone', async () => {
    const user = await signIn(app);
    const expired = signAccessToken({ sub: user.id, expiresIn: -60 });
    const forged = signAccessToken({ sub: user.id, secret: 'not-the-secret' });
    const types = await Promise.all(
      [bearer(expired), bearer(forged), {}].map(
        async (headers) => (await http().get('/auth/me').set(headers).expect(401)).body.type,
      ),
    );
    expect(types).toEqual([
      '/problems/token-expired',
      '/problems/token-invalid',
      '/problems/credentials-required',
    ]);
  });

  it('lets a client that branches on type refresh an expired token and retry', async () => {
    const user = await signIn(app);
    const expired = signAccessToken({ sub: user.id, expiresIn: -60 });
    const refused = await http().get('/auth/me').set(bearer(expired)).expect(401);
    expect(nextStep(refused.body)).toBe('refresh-and-retry');

    const refreshed = await http()
      .post('/auth/refresh')
      .send({ refreshToken: user.refreshToken })
      .expect(200);
    await http().get('/auth/me').set(bearer(refreshed.body.accessToken)).expect(200);
  });

  it('lets that client stop on a missing role, and sign in again on a forged token', async () => {
    const shopper = await signIn(app, [Role.User]);
    const forbidden = await http().get('/admin/users').set(bearer(shopper.accessToken)).expect(403);
    expect(forbidden.body.type).toBe('/problems/role-missing');
    expect(nextStep(forbidden.body)).toBe('stop');

    const forged = signAccessToken({ sub: shopper.id, secret: 'not-the-secret' });
    const refused = await http().get('/auth/me').set(bearer(forged)).expect(401);
    expect(nextStep(refused.body)).toBe('sign-in');
  });

  it('resolves the type of a problem to its page', async () => {
    const refused = await http().get('/auth/me').expect(401);
    const page = await http().get(refused.body.type).expect(200);
    expect(page.text).toContain('<h1>Credentials required</h1>');
  });
});
