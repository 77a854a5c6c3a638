import request from 'supertest';
import {
  bootMatrixApp,
  describeCall,
  describeRefusal,
  type MatrixApp,
  seedTargets,
  withSecrets,
} from './support/access-matrix.js';
import { successStatusOf } from './support/openapi-bodies.js';
import { ALL_ROLES, isGuarded, REFUSALS, VERIFIED_EMAIL_REQUIRED } from './support/refusals.js';
import { deletesLast, RouteTargets, send } from './support/route-targets.js';
import { PASSWORD, signIn } from './support/users.js';

/** The access matrix under REQUIRE_VERIFIED_EMAIL=true: an app of its own, as settings load once. */
describe('Access rules of every route with REQUIRE_VERIFIED_EMAIL=true (e2e)', () => {
  let subject: MatrixApp;

  beforeAll(async () => {
    subject = await bootMatrixApp(VERIFIED_EMAIL_REQUIRED);
  });

  afterAll(async () => {
    await subject.app.close();
  });

  for (const refusal of REFUSALS.filter(({ env }) => env === VERIFIED_EMAIL_REQUIRED)) {
    describeRefusal(refusal, () => subject);
  }

  it('lets an unverified user use every signed-in route exempt from the rule, as documented', async () => {
    const { app, routes, document } = subject;
    const unverified = await signIn(app, ALL_ROLES);
    const { targets: others } = await seedTargets(subject);
    const exempt = deletesLast(
      routes.filter((route) => isGuarded(route) && route.unverifiedEmailAllowed),
    );
    expect(exempt.map((route) => `${route.method} ${route.path}`)).toContain('GET /auth/me');
    // The unverified user's own rows (its sessions), where a route lists them.
    const targets = await RouteTargets.seed(
      app,
      document,
      exempt,
      unverified.accessToken,
      others.userId,
    );
    for (const route of exempt) {
      // A session of its own for each call: logging out then ends only that one.
      const login = await request(app.getHttpServer())
        .post('/auth/login')
        .send({ email: unverified.email, password: PASSWORD })
        .expect(200);
      const call = withSecrets(route, targets.call(route));
      const response = await send(
        app,
        route,
        call,
        (login.body as { accessToken: string }).accessToken,
      );
      expect({ call: describeCall(route, call), status: response.statusCode }).toEqual({
        call: describeCall(route, call),
        status: successStatusOf(document, route),
      });
    }
  });
});
