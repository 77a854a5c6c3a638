// The access matrix's moving parts, shared by the spec files that boot an app with other settings.
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { collectRoutes, type RouteAccess } from '../../src/access/route-inventory.js';
import { Role } from '../../src/auth/role.enum.js';
import { databaseFingerprint } from './database-fingerprint.js';
import type { OpenApiDocument } from './openapi-bodies.js';
import { PROBLEM_JSON } from './problems.js';
import { ALL_ROLES, type Refusal } from './refusals.js';
import { deletesLast, type RouteCall, RouteTargets, send } from './route-targets.js';
import { createTestApp } from './test-app.js';
import { PASSWORD, signIn } from './users.js';

/** An app under test with its route inventory and OpenAPI document. */
export interface MatrixApp {
  app: NestFastifyApplication;
  routes: RouteAccess[];
  document: OpenApiDocument;
}

export async function bootMatrixApp(env?: Record<string, string>): Promise<MatrixApp> {
  const app = await createTestApp({ env });
  const routes = collectRoutes(app);
  const document = (await app.inject({ method: 'GET', url: '/docs-json' })).json<OpenApiDocument>();
  return { app, routes, document };
}

/** Rows made by a caller with every role (and a verified email), and a user only ever a target. */
export async function seedTargets({ app, routes, document }: MatrixApp) {
  const caller = await signIn(app, ALL_ROLES, { emailVerified: true });
  const target = await signIn(app, [Role.User]);
  const seeded = await RouteTargets.seed(app, document, routes, caller.accessToken, target.id);
  return { caller, targets: seeded };
}

/** The JSON body, or the raw text (empty for a 204) should a refusal not have happened. */
export const bodyOf = (response: { body: string; json: () => unknown }) => {
  try {
    return response.json();
  } catch {
    return response.body;
  }
};

/**
 * The call with what no OpenAPI example can know: the caller's password (signed in with PASSWORD).
 * Changing it to itself still writes a new hash and keeps the next logins working.
 */
export const withSecrets = (route: RouteAccess, call: RouteCall): RouteCall =>
  route.path === '/auth/password'
    ? { ...call, payload: { currentPassword: PASSWORD, newPassword: PASSWORD } }
    : call;

/** Operations that succeed only for a caller whose email is not verified yet (else 409). */
export const FOR_UNVERIFIED_CALLERS = ['POST /auth/email/verify/resend'];

export const describeCall = (route: RouteAccess, call: RouteCall) =>
  `${route.method} ${call.url} (${call.label})`;

/** Checks that `refusal` answers every route it applies to, on the app `subject` gives. */
export function describeRefusal(refusal: Refusal, subject: () => MatrixApp): void {
  describe(refusal.name, () => {
    let refused: RouteAccess[];
    let targets: RouteTargets;
    let tokenFor: (route: RouteAccess) => string | undefined;

    beforeAll(async () => {
      refused = deletesLast(subject().routes.filter(refusal.appliesTo));
      ({ targets } = await seedTargets(subject()));
      tokenFor = await refusal.signIn(subject().app, refused);
    });

    /**
     * Every call is refused with the whole problem, and the database is left as it was: one
     * comparison, so a failure shows every wrong answer and every changed row at once.
     */
    async function expectRefused(callsOf: (route: RouteAccess) => RouteCall[]) {
      const { app } = subject();
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
}
