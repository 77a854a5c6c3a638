import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { AuditLog, type AccessDeniedEvent } from '../src/audit/audit-log.js';
import { Role } from '../src/auth/role.enum.js';
import { adminRequired, problem, PROBLEM_JSON } from './support/problems.js';
import { createTestApp } from './support/test-app.js';
import { signIn } from './support/users.js';

/** ADMIN_ALLOWED_CIDRS=10.0.0.0/8, 2001:db8::/32. */
describe('Admin routes restricted to allowed networks (e2e)', () => {
  let app: NestFastifyApplication;
  let adminToken: string;
  let shopperToken: string;
  const events: AccessDeniedEvent[] = [];

  beforeAll(async () => {
    app = await createTestApp({ env: { ADMIN_ALLOWED_CIDRS: '10.0.0.0/8, 2001:db8::/32' } });
    jest
      .spyOn(app.get(AuditLog), 'accessDenied')
      .mockImplementation((event) => void events.push(event));
    adminToken = (await signIn(app, [Role.User, Role.Admin])).accessToken;
    shopperToken = (await signIn(app)).accessToken;
  });

  afterAll(async () => {
    await app.close();
  });

  const listUsers = (remoteAddress: string, token?: string, headers: Record<string, string> = {}) =>
    app.inject({
      method: 'GET',
      url: '/admin/users',
      remoteAddress,
      headers: { ...headers, ...(token ? { authorization: `Bearer ${token}` } : {}) },
    });

  it.each(['10.20.30.40', '::ffff:10.0.0.5', '2001:db8::42'])(
    'lets an admin in from %s',
    async (ip) => {
      expect((await listUsers(ip, adminToken)).statusCode).toBe(200);
    },
  );

  it('answers 403 to an admin outside the networks, and audits it', async () => {
    events.length = 0;
    const response = await listUsers('192.0.2.10', adminToken);
    expect(response.statusCode).toBe(403);
    expect(response.headers['content-type']).toBe(PROBLEM_JSON);
    expect(response.json()).toEqual(
      problem(
        'network-not-allowed',
        403,
        'Forbidden',
        'Admin routes are not open to your network.',
        '/admin/users',
      ),
    );
    expect(events.map((event) => [event.reason, event.clientAddress])).toEqual([
      ['ip_not_allowed', '192.0.2.10'],
    ]);
  });

  it('is not fooled by a forged X-Forwarded-For (TRUST_PROXY unset)', async () => {
    const response = await listUsers('192.0.2.10', adminToken, { 'x-forwarded-for': '10.0.0.1' });
    expect(response.statusCode).toBe(403);
  });

  it('still answers 401 to an anonymous caller outside, and the role check comes first', async () => {
    expect((await listUsers('192.0.2.10')).statusCode).toBe(401);
    const shopper = await listUsers('10.0.0.9', shopperToken);
    expect(shopper.statusCode).toBe(403);
    expect(shopper.json()).toEqual(adminRequired('/admin/users'));
  });

  it('leaves routes that do not need the admin role open from anywhere', async () => {
    const me = await app.inject({
      method: 'GET',
      url: '/auth/me',
      remoteAddress: '192.0.2.10',
      headers: { authorization: `Bearer ${adminToken}` },
    });
    expect(me.statusCode).toBe(200);
  });
});
