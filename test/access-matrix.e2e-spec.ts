import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { isDeepStrictEqual } from 'node:util';
import request from 'supertest';
import { formatRoutes, type RouteAccess } from '../src/access/route-inventory.js';
import { Role } from '../src/auth/role.enum.js';
import {
  bootMatrixApp,
  describeCall,
  describeRefusal,
  FOR_UNVERIFIED_CALLERS,
  seedTargets,
  withSecrets,
} from './support/access-matrix.js';
import { databaseFingerprint } from './support/database-fingerprint.js';
import {
  acceptsNoBody,
  type OpenApiDocument,
  operationOf,
  successStatusOf,
} from './support/openapi-bodies.js';
import { ALL_ROLES, isGuarded, REFUSALS } from './support/refusals.js';
import { createsRows, deletesLast, send } from './support/route-targets.js';
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
    ({ app, routes, document } = await bootMatrixApp());
  });

  afterAll(async () => {
    await app.close();
  });

  it('matches the committed inventory: a new route or a changed rule must be accepted on purpose', () => {
    // After a deliberate change, update the snapshot: npx jest test/access-matrix -u
    expect(formatRoutes(routes)).toMatchSnapshot();
  });

  // The refusals that need other settings run in access-matrix.<setting>.e2e-spec.ts.
  for (const refusal of REFUSALS.filter(({ env }) => env === undefined)) {
    describeRefusal(refusal, () => ({ app, routes, document }));
  }

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
      const { caller, targets: own } = await seedTargets({ app, routes, document });
      const others = deletesLast(
        routes.filter(
          (route) =>
            isGuarded(route) && !createsRows(document, route) && !acceptsNoBody(document, route),
        ),
      );
      expect(others.length).toBeGreaterThan(0);
      for (const route of others) {
        // A user of its own for each `/users/:id` route: disabling one ends its sessions already.
        const target = route.path.includes('/users/:') ? await signIn(app, [Role.User]) : null;
        const call = withSecrets(route, (target ? own.forUser(target.id) : own).call(route));
        const token = FOR_UNVERIFIED_CALLERS.includes(`${route.method} ${route.path}`)
          ? (await signIn(app, ALL_ROLES)).accessToken
          : await freshToken(caller.email);
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
      const { caller, targets: own } = await seedTargets({ app, routes, document });
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
