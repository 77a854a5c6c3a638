import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import request from 'supertest';
import { Role } from '../src/auth/role.enum.js';
import { CHALLENGE, invalidTokenChallenge, problem, PROBLEM_JSON } from './support/problems.js';
import { createTestApp } from './support/test-app.js';
import { bearer, signIn } from './support/users.js';

const METRICS_TOKEN = 'metrics-token-of-the-scraper-0123456789';
const PROMETHEUS_TEXT = 'text/plain; version=0.0.4; charset=utf-8';

/** The value of one sample line, e.g. sample(body, 'http_requests_total', {...}); 0 when absent. */
function sample(body: string, name: string, labels: Record<string, string>): number {
  const wanted = Object.entries(labels).map(([key, value]) => `${key}="${value}"`);
  const line = body
    .split('\n')
    .find((text) => text.startsWith(`${name}{`) && wanted.every((label) => text.includes(label)));
  return line === undefined ? 0 : Number(line.slice(line.lastIndexOf(' ') + 1));
}

describe('GET /metrics with METRICS_TOKEN (e2e)', () => {
  let app: NestFastifyApplication;
  const http = () => request(app.getHttpServer());
  const scrape = async () =>
    (await http().get('/metrics').set(bearer(METRICS_TOKEN)).expect(200)).text;

  beforeAll(async () => {
    app = await createTestApp({ env: { METRICS_ENABLED: 'true', METRICS_TOKEN } });
  });

  afterAll(async () => {
    await app.close();
  });

  it('answers 401 with the Bearer challenge without a token, and no user JWT is asked for', async () => {
    const response = await http().get('/metrics').expect(401);
    expect(response.headers['www-authenticate']).toBe(CHALLENGE);
    expect(response.headers['content-type']).toBe(PROBLEM_JSON);
    expect(response.body).toEqual(
      problem(
        'credentials-required',
        401,
        'Unauthorized',
        'GET /metrics needs "Authorization: Bearer <METRICS_TOKEN>".',
        '/metrics',
      ),
    );
  });

  it('answers 401 invalid_token to another token, a user access token included', async () => {
    const user = await signIn(app);
    for (const token of [`${METRICS_TOKEN}x`, user.accessToken]) {
      const response = await http().get('/metrics').set(bearer(token)).expect(401);
      expect(response.headers['www-authenticate']).toBe(
        invalidTokenChallenge('The token is not the metrics token.'),
      );
      expect(response.body).toEqual(
        problem(
          'token-invalid',
          401,
          'Unauthorized',
          'The token is not the metrics token.',
          '/metrics',
        ),
      );
    }
  });

  it('serves the Prometheus text format with the default process metrics', async () => {
    const response = await http().get('/metrics').set(bearer(METRICS_TOKEN)).expect(200);
    expect(response.headers['content-type']).toBe(PROMETHEUS_TEXT);
    expect(response.headers['cache-control']).toBe('no-store');
    expect(response.text).toMatch(/^# HELP process_cpu_user_seconds_total /m);
    expect(response.text).toMatch(/^# TYPE http_requests_total counter$/m);
    expect(response.text).toMatch(/^# TYPE http_request_duration_seconds histogram$/m);
    expect(response.text).toMatch(/^# TYPE auth_refusals_total counter$/m);
  });

  it('counts requests by route pattern and status, never by URL', async () => {
    // A core route, so that the suite outlives `npm run samples:remove`.
    const admin = await signIn(app, [Role.User, Role.Admin]);
    const { id } = await signIn(app, [Role.User]);
    const labels = { method: 'PATCH', route: '/admin/users/:id/roles', status_code: '200' };
    const before = await scrape();

    await http()
      .patch(`/admin/users/${id}/roles`)
      .set(bearer(admin.accessToken))
      .send({ roles: [Role.User] })
      .expect(200);
    await http().get(`/no/such/route/${id}`).expect(404);
    const after = await scrape();

    expect(sample(after, 'http_requests_total', labels)).toBe(
      sample(before, 'http_requests_total', labels) + 1,
    );
    expect(sample(after, 'http_request_duration_seconds_count', labels)).toBe(
      sample(before, 'http_request_duration_seconds_count', labels) + 1,
    );
    expect(
      sample(after, 'http_requests_total', { route: 'unmatched', status_code: '404' }),
    ).toBeGreaterThanOrEqual(1);
    expect(after).not.toContain(id);
  });

  it('counts 401s and 403s by the reason the audit log writes', async () => {
    const shopper = await signIn(app, [Role.User]);
    const missing = { status_code: '401', reason: 'missing_token' };
    const role = { status_code: '403', reason: 'insufficient_role' };
    const before = await scrape();

    await http().get('/admin/users').expect(401);
    await http().get('/admin/users').set(bearer(shopper.accessToken)).expect(403);
    const after = await scrape();

    expect(sample(after, 'auth_refusals_total', missing)).toBe(
      sample(before, 'auth_refusals_total', missing) + 1,
    );
    expect(sample(after, 'auth_refusals_total', role)).toBe(
      sample(before, 'auth_refusals_total', role) + 1,
    );
    expect(after).not.toContain(shopper.id);
  });
});
