import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { AuditLog } from '../src/audit/audit-log.js';
import { problem, PROBLEM_JSON } from './support/problems.js';
import { createTestApp, PRODUCTION_ENV } from './support/test-app.js';

/** NODE_ENV=production with DOCS_ENABLED=true and metrics behind an allowlist only. */
describe('Production switches turned on (e2e)', () => {
  let app: NestFastifyApplication;
  let audited: jest.SpyInstance<void, Parameters<AuditLog['accessDenied']>>;

  beforeAll(async () => {
    app = await createTestApp({
      env: {
        ...PRODUCTION_ENV,
        DOCS_ENABLED: 'true',
        METRICS_ENABLED: 'true',
        METRICS_ALLOWED_NETWORKS: '10.0.0.0/8, 2001:db8::/32',
      },
    });
    audited = jest.spyOn(app.get(AuditLog), 'accessDenied'); // still written, and counted
  });

  afterAll(async () => {
    await app.close();
  });

  const scrape = (remoteAddress: string, headers: Record<string, string> = {}) =>
    app.inject({ method: 'GET', url: '/metrics', remoteAddress, headers });

  it('serves the API docs when DOCS_ENABLED=true', async () => {
    const document = await app.inject({ method: 'GET', url: '/docs-json' });
    expect(document.statusCode).toBe(200);
    expect(document.json()).toMatchObject({ openapi: expect.stringMatching(/^3\./) });
    const page = await app.inject({ method: 'GET', url: '/docs' });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('swagger-ui');
  });

  it('leaves /metrics out of the API docs: it is for operators', async () => {
    const document = (await app.inject({ method: 'GET', url: '/docs-json' })).json<{
      paths: object;
    }>();
    expect(Object.keys(document.paths)).not.toContain('/metrics');
  });

  it.each(['10.1.2.3', '::ffff:10.0.0.5', '2001:db8::42'])(
    'serves metrics to %s with no token: the allowlist alone protects them',
    async (ip) => {
      const response = await scrape(ip);
      expect(response.statusCode).toBe(200);
      expect(response.headers['content-type']).toBe('text/plain; version=0.0.4; charset=utf-8');
      expect(response.body).toMatch(/^http_requests_total\{/m);
    },
  );

  it('answers 403 to an address outside the networks, audits it and counts it', async () => {
    audited.mockClear();
    const response = await scrape('192.0.2.10');
    expect(response.statusCode).toBe(403);
    expect(response.headers['content-type']).toBe(PROBLEM_JSON);
    expect(response.headers).not.toHaveProperty('www-authenticate');
    expect(response.json()).toEqual(
      // Production's generic 403 detail, as for every refusal there.
      problem(
        'network-not-allowed',
        403,
        'Forbidden',
        'You are not allowed to perform this action.',
        '/metrics',
      ),
    );
    expect(audited.mock.calls.map(([event]) => [event.reason, event.status, event.route])).toEqual([
      ['ip_not_allowed', 403, '/metrics'],
    ]);
    const metrics = (await scrape('10.0.0.1')).body;
    expect(metrics).toMatch(
      /^auth_refusals_total\{status_code="403",reason="ip_not_allowed"\} 1$/m,
    );
  });

  it('is not fooled by a forged X-Forwarded-For (TRUST_PROXY unset)', async () => {
    const response = await scrape('192.0.2.10', { 'x-forwarded-for': '10.0.0.1' });
    expect(response.statusCode).toBe(403);
  });
});
