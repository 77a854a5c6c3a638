import { NotFoundException } from '@nestjs/common';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { eq } from 'drizzle-orm';
import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { collectRoutes } from '../src/access/route-inventory.js';
import { verifiedEmailRequired } from '../src/access/verified-email-docs.js';
import { type AccessDeniedEvent, AuditLog } from '../src/audit/audit-log.js';
import { EMAIL_NOT_VERIFIED } from '../src/auth/exceptions/email-not-verified.exception.js';
import { Role } from '../src/auth/role.enum.js';
import type { Database } from '../src/database/database-connection.js';
import { DRIZZLE } from '../src/database/database.constants.js';
import { users } from '../src/users/users.schema.js';
import { UsersService } from '../src/users/users.service.js';
import { adminRequired, PROBLEM_JSON, problem, unauthenticated } from './support/problems.js';
import { FORBIDDEN_BY_LOGIC, VERIFIED_EMAIL_REQUIRED } from './support/refusals.js';
import { createTestApp } from './support/test-app.js';
import { decode } from './support/tokens.js';
import { bearer, PASSWORD, signIn, uniqueEmail } from './support/users.js';

const ADMIN = [Role.User, Role.Admin];

describe('Verified email required (REQUIRE_VERIFIED_EMAIL=true, e2e)', () => {
  let app: NestFastifyApplication;
  let events: AccessDeniedEvent[];
  const http = () => request(app.getHttpServer());
  /** A signed-in route under the rule that the core has (the samples may be removed): admins'. */
  const guarded = (token?: string) =>
    http()
      .get('/admin/users')
      .set(token ? bearer(token) : {});
  const signInAdmin = (options?: { emailVerified: boolean }) => signIn(app, ADMIN, options);
  const me = (token: string) => http().get('/auth/me').set(bearer(token));
  const notVerified = (instance: string) =>
    problem('email-not-verified', 403, 'Forbidden', EMAIL_NOT_VERIFIED, instance);

  beforeAll(async () => {
    app = await createTestApp({ env: VERIFIED_EMAIL_REQUIRED });
    const auditLog = app.get(AuditLog);
    jest.spyOn(auditLog, 'accessDenied').mockImplementation((event) => void events.push(event));
  });

  beforeEach(() => {
    events = [];
  });

  afterAll(async () => {
    await app.close();
  });

  it('refuses a signed-in user whose email is not verified: 403, audited as email_not_verified', async () => {
    const user = await signInAdmin();
    const response = await guarded(user.accessToken).expect(403);
    expect(response.headers['content-type']).toBe(PROBLEM_JSON);
    expect(response.headers['www-authenticate']).toBeUndefined();
    expect(response.body).toEqual(notVerified('/admin/users'));
    expect(events).toEqual([
      expect.objectContaining({ reason: 'email_not_verified', status: 403, userId: user.id }),
    ]);
  });

  it('still answers an anonymous caller 401 first, and a missing role before the email', async () => {
    const response = await guarded().expect(401);
    expect(response.body).toEqual(unauthenticated('/admin/users'));
    const shopper = await signIn(app);
    const admin = await http().get('/admin/users').set(bearer(shopper.accessToken)).expect(403);
    expect(admin.body).toEqual(adminRequired('/admin/users'));
  });

  it('lets a user whose email is not verified use /auth and the public routes', async () => {
    const user = await signIn(app);
    const current = await me(user.accessToken).expect(200);
    expect(current.body).toEqual({
      id: user.id,
      email: user.email,
      roles: ['user'],
      emailVerified: false,
    });
    await http().get('/products').set(bearer(user.accessToken)).expect(200);
    await http().get('/health/live').expect(200);
    const refreshed = await http()
      .post('/auth/refresh')
      .send({ refreshToken: user.refreshToken })
      .expect(200);
    await http().post('/auth/logout').set(bearer(refreshed.body.accessToken)).send({}).expect(204);
  });

  it('lets a verified user in; the demo accounts are verified, a new registration is not', async () => {
    const verified = await signInAdmin({ emailVerified: true });
    await guarded(verified.accessToken).expect(200);

    const demo = await http()
      .post('/auth/login')
      .send({ email: 'admin@example.com', password: 'demo-password' })
      .expect(200);
    await guarded(demo.body.accessToken).expect(200);

    const email = uniqueEmail('registered');
    await http().post('/auth/register').send({ email, password: PASSWORD }).expect(201);
    const login = await http().post('/auth/login').send({ email, password: PASSWORD }).expect(200);
    const registered = decode(login.body.accessToken);
    expect(registered.email_verified).toBe(false);
    await app.get(UsersService).setRoles(registered.sub as string, ADMIN);
    const refused = await guarded(login.body.accessToken).expect(403);
    expect(refused.body).toEqual(notVerified('/admin/users'));
  });

  it('once the email is verified, lets the same access token in at once; a refreshed one carries it', async () => {
    const user = await signInAdmin();
    await guarded(user.accessToken).expect(403);

    const marked = await app.get(UsersService).markEmailVerified(user.id);
    expect(marked).toMatchObject({ id: user.id, emailVerified: true });

    // The token still says false: the access change recorded with the verification overrides it.
    expect(decode(user.accessToken).email_verified).toBe(false);
    await guarded(user.accessToken).expect(200);
    expect((await me(user.accessToken).expect(200)).body).toMatchObject({ emailVerified: true });

    const refreshed = await http()
      .post('/auth/refresh')
      .send({ refreshToken: user.refreshToken })
      .expect(200);
    expect(decode(refreshed.body.accessToken).email_verified).toBe(true);
    await guarded(refreshed.body.accessToken).expect(200);
  });

  it('keeps the first verification time when an email is verified again, and knows no stranger', async () => {
    const user = await signIn(app);
    const service = app.get(UsersService);
    const verifiedAt = async () => {
      const db = app.get<Database>(DRIZZLE);
      const [row] = await db.select().from(users).where(eq(users.id, user.id));
      return row.emailVerifiedAt;
    };
    await service.markEmailVerified(user.id);
    const first = await verifiedAt();
    expect(first).toBeInstanceOf(Date);
    await service.markEmailVerified(user.id);
    expect(await verifiedAt()).toEqual(first);
    await expect(service.markEmailVerified(randomUUID())).rejects.toThrow(NotFoundException);
  });

  it('documents the 403 in OpenAPI on exactly the routes with a role or the rule', async () => {
    const document = (await http().get('/docs-json').expect(200)).body as {
      paths: Record<string, Record<string, { responses: Record<string, { description: string }> }>>;
    };
    const routes = collectRoutes(app);
    const responsesOf = (method: string, path: string) =>
      document.paths[path.replace(/:(\w+)/g, '{$1}')][method.toLowerCase()].responses;
    for (const route of routes) {
      const has403 = '403' in responsesOf(route.method, route.path);
      const owed =
        typeof route.access === 'object' ||
        verifiedEmailRequired(route) ||
        FORBIDDEN_BY_LOGIC.includes(`${route.method} ${route.path}`);
      expect({ route: `${route.method} ${route.path}`, has403 }).toEqual({
        route: `${route.method} ${route.path}`,
        has403: owed,
      });
    }
    // A route under the rule alone (a sample's, while the samples are there) documents it alone.
    const plain = routes.find((r) => verifiedEmailRequired(r) && typeof r.access !== 'object');
    if (plain) {
      expect(responsesOf(plain.method, plain.path)['403'].description).toBe(
        'Signed in with an email address not verified yet',
      );
    }
    expect(responsesOf('GET', '/admin/users')['403'].description).toBe(
      'Signed in without any of the roles: admin, or signed in with an email address not verified yet',
    );
    expect(responsesOf('GET', '/auth/me')['403']).toBeUndefined();
  });
});
