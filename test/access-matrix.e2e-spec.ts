import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { isDeepStrictEqual } from 'node:util';
import request from 'supertest';
import { collectRoutes, formatRoutes, type RouteAccess } from '../src/access/route-inventory.js';
import { Role } from '../src/auth/role.enum.js';
import { databaseFingerprint } from './support/database-fingerprint.js';
import {
  acceptsNoBody,
  type OpenApiDocument,
  operationOf,
  successStatusOf,
} from './support/openapi-bodies.js';
import { PROBLEM_JSON } from './support/problems.js';
import { ALL_ROLES, isGuarded, REFUSALS } from './support/refusals.js';
import {
  createsRows,
  deletesLast,
  type RouteCall,
  RouteTargets,
  send,
} from './support/route-targets.js';
import { createTestApp } from './support/test-app.js';
import { PASSWORD, signIn } from './support/users.js';

/**
 * The access matrix, generated from the route inventory: every route is covered, including routes
 * added later, without writing a test for it. Path ids name real rows, made through the API with
 * bodies built from the OpenAPI document, so "a refused write changes nothing" means something.
 */
describe('Access rules of every route (e2e)', () => {
  let app: NestFastifyApplication;
  let routes: RouteAccess[];
  let document: OpenApiDocument;

  beforeAll(async () => {
    app = await createTestApp();
    routes = collectRoutes(app);
    document = (await app.inject({ method: 'GET', url: '/docs-json' })).json<OpenApiDocument>();
  });

  afterAll(async () => {
    await app.close();
  });

  /** Rows made by a caller with every role, and a user who is only ever a target. */
  async function seedTargets() {
    const caller = await signIn(app, ALL_ROLES);
    const target = await signIn(app, [Role.User]);
    const seeded = await RouteTargets.seed(app, document, routes, caller.accessToken, target.id);
    return { caller, targets: seeded };
  }

  /** The JSON body, or the raw text (empty for a 204) should a refusal not have happened. */
  const bodyOf = (response: { body: string; json: () => unknown }) => {
    try {
      return response.json();
    } catch {
      return response.body;
    }
  };

  const describeCall = (route: RouteAccess, call: RouteCall) =>
    `${route.method} ${call.url} (${call.label})`;

  it('matches the committed inventory: a new route or a changed rule must be accepted on purpose', () => {
    // After a deliberate change, update the snapshot: npx jest test/access-matrix -u
    expect(formatRoutes(routes)).toMatchSnapshot();
  });

  describe.each(REFUSALS)('$name', (refusal) => {
    let refused: RouteAccess[];
    let targets: RouteTargets;
    let tokenFor: (route: RouteAccess) => string | undefined;

    beforeAll(async () => {
      refused = deletesLast(routes.filter(refusal.appliesTo));
      ({ targets } = await seedTargets());
      tokenFor = await refusal.signIn(app, refused);
    });

    /**
     * Every call is refused with the whole problem, and the database is left as it was: one
     * comparison, so a failure shows every wrong answer and every changed row at once.
     */
    async function expectRefused(callsOf: (route: RouteAccess) => RouteCall[]) {
      expect(refused.length).toBeGreaterThan(0);
      const before = await databaseFingerprint(app);
      const answers: object[] = [];
      const expected: object[] = [];
      for (const route of refused) {
        for (const call of callsOf(route)) {
          const response = await send(app, route, call, tokenFor(route));
          const { status, challenge, body } = refusal.expected(route, call.url);
          answers.push({
            call: describeCall(route, call),
            status: response.statusCode,
            type: response.headers['content-type'],
            challenge: response.headers['www-authenticate'],
            body: bodyOf(response),
          });
          expected.push({
            call: describeCall(route, call),
            status,
            type: PROBLEM_JSON,
            challenge,
            body,
          });
        }
      }
      const database = await databaseFingerprint(app);
      expect({ answers, database }).toEqual({ answers: expected, database: before });
    }

    it('answers every route it applies to with the whole problem, and changes nothing', () =>
      expectRefused((route) => [targets.call(route)]));

    it('answers so before validating the id or the body or looking the row up, and changes nothing', () =>
      expectRefused((route) => targets.probes(route)));
  });

  describe('the same calls by a caller with every role', () => {
    /** A session of its own for each call: logging out then ends only that one. */
    async function freshToken(email: string): Promise<string> {
      const response = await request(app.getHttpServer())
        .post('/auth/login')
        .send({ email, password: PASSWORD })
        .expect(200);
      return (response.body as { accessToken: string }).accessToken;
    }

    it('succeed as documented, and each write to a row changes it: the targets and bodies are real', async () => {
      // Seeding made each creating call already, and throws unless it answered as documented.
      const { caller, targets: own } = await seedTargets();
      const others = deletesLast(
        routes.filter(
          (route) =>
            isGuarded(route) && !createsRows(document, route) && !acceptsNoBody(document, route),
        ),
      );
      expect(others.length).toBeGreaterThan(0);
      for (const route of others) {
        const call = own.call(route);
        const token = await freshToken(caller.email);
        const before = await databaseFingerprint(app);
        const response = await send(app, route, call, token);
        // Were such a write to change nothing, "a refused write changed nothing" would prove nothing.
        const mustChange = route.method !== 'GET' && own.aimsAtRows(route);
        const changed = !isDeepStrictEqual(await databaseFingerprint(app), before);
        expect({
          call: describeCall(route, call),
          status: response.statusCode,
          ...(mustChange && { changed }),
        }).toEqual({
          call: describeCall(route, call),
          status: successStatusOf(document, route),
          ...(mustChange && { changed: true }),
        });
      }
    });

    it('get 400 for a malformed id or an invalid body, 404 for an unknown id, where documented', async () => {
      const { caller, targets: own } = await seedTargets();
      for (const route of routes.filter(isGuarded)) {
        const documented = operationOf(document, route).responses ?? {};
        for (const probe of own.probes(route).filter(({ status }) => status in documented)) {
          const response = await send(app, route, probe, caller.accessToken);
          expect({ call: describeCall(route, probe), status: response.statusCode }).toEqual({
            call: describeCall(route, probe),
            status: probe.status,
          });
        }
      }
    });
  });
});
