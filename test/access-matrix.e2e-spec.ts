import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { randomUUID } from 'node:crypto';
import { collectRoutes, formatRoutes, type RouteAccess } from '../src/access/route-inventory.js';
import { Role } from '../src/auth/role.enum.js';
import {
  CHALLENGE,
  invalidTokenChallenge,
  problem,
  PROBLEM_JSON,
  unauthenticated,
} from './support/problems.js';
import { createTestApp } from './support/test-app.js';
import { signAccessToken } from './support/tokens.js';
import { signIn } from './support/users.js';

/**
 * The access matrix, generated from the route inventory: every route is covered, including routes
 * added later, without writing a test for it.
 */
describe('Access rules of every route (e2e)', () => {
  let app: NestFastifyApplication;
  let routes: RouteAccess[];

  beforeAll(async () => {
    app = await createTestApp();
    routes = collectRoutes(app);
  });

  afterAll(async () => {
    await app.close();
  });

  /** Calls a route with its path parameters filled in and an empty JSON body. */
  const call = async (route: RouteAccess, token?: string) => {
    const url = route.path.replace(/:\w+/g, () => randomUUID());
    const response = await app.inject({
      method: route.method as 'GET',
      url,
      headers: token ? { authorization: `Bearer ${token}` } : {},
      ...(['POST', 'PATCH', 'PUT'].includes(route.method) && { payload: {} }),
    });
    return { url, response, body: response.json<unknown>() };
  };

  it('matches the committed inventory: a new route or a changed rule must be accepted on purpose', () => {
    // After a deliberate change, update the snapshot: npx jest test/access-matrix -u
    expect(formatRoutes(routes)).toMatchSnapshot();
  });

  it('answers 401 with a bare Bearer challenge on every non-public route without a token', async () => {
    for (const route of routes.filter((r) => r.access !== 'public')) {
      const { url, response, body } = await call(route);
      expect({ route: `${route.method} ${route.path}`, status: response.statusCode }).toEqual({
        route: `${route.method} ${route.path}`,
        status: 401,
      });
      expect(response.headers['content-type']).toBe(PROBLEM_JSON);
      expect(response.headers['www-authenticate']).toBe(CHALLENGE);
      expect(body).toEqual(unauthenticated(url));
    }
  });

  it('answers 401 invalid_token on every non-public route with an expired token', async () => {
    const user = await signIn(app, [Role.User, Role.Admin]);
    const expired = signAccessToken({ sub: user.id, expiresIn: -60 });
    for (const route of routes.filter((r) => r.access !== 'public')) {
      const { url, response, body } = await call(route, expired);
      expect({ route: `${route.method} ${route.path}`, status: response.statusCode }).toEqual({
        route: `${route.method} ${route.path}`,
        status: 401,
      });
      expect(response.headers['content-type']).toBe(PROBLEM_JSON);
      expect(response.headers['www-authenticate']).toBe(
        invalidTokenChallenge('The access token expired.'),
      );
      expect(body).toEqual(problem(401, 'Unauthorized', 'The access token expired.', url));
    }
  });

  it('answers 403 on every role-restricted route to a signed-in user without the role', async () => {
    const restricted = routes.filter((r) => typeof r.access === 'object');
    expect(restricted.length).toBeGreaterThan(0);
    for (const route of restricted) {
      const required = (route.access as { roles: Role[] }).roles;
      const others = Object.values(Role).filter((role) => !required.includes(role));
      const user = await signIn(app, others.length > 0 ? others : []);
      const { url, response, body } = await call(route, user.accessToken);
      expect({ route: `${route.method} ${route.path}`, status: response.statusCode }).toEqual({
        route: `${route.method} ${route.path}`,
        status: 403,
      });
      expect(response.headers['content-type']).toBe(PROBLEM_JSON);
      expect(response.headers['www-authenticate']).toBeUndefined();
      expect(body).toEqual(
        problem(
          403,
          'Forbidden',
          `This action requires one of the roles: ${required.join(', ')}.`,
          url,
        ),
      );
    }
  });
});
