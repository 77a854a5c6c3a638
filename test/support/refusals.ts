// The four refusals the access matrix checks on every route they apply to.
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { RouteAccess } from '../../src/access/route-inventory.js';
import { EMAIL_NOT_VERIFIED } from '../../src/auth/exceptions/email-not-verified.exception.js';
import { Role } from '../../src/auth/role.enum.js';
import { CHALLENGE, invalidTokenChallenge, problem, unauthenticated } from './problems.js';
import { signAccessToken } from './tokens.js';
import { signIn } from './users.js';

export const ALL_ROLES = Object.values(Role);
const EXPIRED = 'The access token expired.';
/** The settings under which the verified-email refusal is owed. */
export const VERIFIED_EMAIL_REQUIRED = { REQUIRE_VERIFIED_EMAIL: 'true' };

export const isGuarded = (route: RouteAccess) => route.access !== 'public';

/** Operations whose handler refuses a signed-in caller (403) for another reason than a rule. */
export const FORBIDDEN_BY_LOGIC = ['POST /auth/password']; // a wrong current password
const isRestricted = (route: RouteAccess) => typeof route.access === 'object';
const requiredRoles = (route: RouteAccess) =>
  typeof route.access === 'object' ? route.access.roles : [];
const otherRoles = (route: RouteAccess) =>
  ALL_ROLES.filter((role) => !requiredRoles(route).includes(role));

/** A refusal the guards owe every route of a kind, whatever the route would do next. */
export interface Refusal {
  name: string;
  /** Settings the refusal needs: the matrix then checks it on an app of its own. */
  env?: Record<string, string>;
  appliesTo: (route: RouteAccess) => boolean;
  /** Signs in whoever calls (before the database is fingerprinted); gives the token per route. */
  signIn: (
    app: NestFastifyApplication,
    routes: RouteAccess[],
  ) => Promise<(route: RouteAccess) => string | undefined>;
  expected: (
    route: RouteAccess,
    url: string,
  ) => { status: number; challenge?: string; body: object };
}

export const REFUSALS: Refusal[] = [
  {
    name: 'without a token: 401 with a bare Bearer challenge',
    appliesTo: isGuarded,
    signIn: () => Promise.resolve(() => undefined),
    expected: (_route, url) => ({ status: 401, challenge: CHALLENGE, body: unauthenticated(url) }),
  },
  {
    name: 'with an expired token: 401 invalid_token',
    appliesTo: isGuarded,
    signIn: async (app) => {
      const token = signAccessToken({ sub: (await signIn(app, ALL_ROLES)).id, expiresIn: -60 });
      return () => token;
    },
    expected: (_route, url) => ({
      status: 401,
      challenge: invalidTokenChallenge(EXPIRED),
      body: problem('token-expired', 401, 'Unauthorized', EXPIRED, url),
    }),
  },
  {
    name: 'signed in without the required role: 403',
    appliesTo: isRestricted,
    signIn: async (app, routes) => {
      const tokens = new Map<string, string>();
      for (const roles of new Set(routes.map((route) => otherRoles(route).join()))) {
        tokens.set(
          roles,
          (await signIn(app, roles ? (roles.split(',') as Role[]) : [])).accessToken,
        );
      }
      return (route) => tokens.get(otherRoles(route).join());
    },
    expected: (route, url) => ({
      status: 403,
      body: problem(
        'role-missing',
        403,
        'Forbidden',
        `This action requires one of the roles: ${requiredRoles(route).join(', ')}.`,
        url,
      ),
    }),
  },
  {
    name: 'with REQUIRE_VERIFIED_EMAIL=true, signed in with every role but an unverified email: 403',
    env: VERIFIED_EMAIL_REQUIRED,
    appliesTo: (route) => isGuarded(route) && !route.unverifiedEmailAllowed,
    signIn: async (app) => {
      const token = (await signIn(app, ALL_ROLES)).accessToken;
      return () => token;
    },
    expected: (_route, url) => ({
      status: 403,
      body: problem('email-not-verified', 403, 'Forbidden', EMAIL_NOT_VERIFIED, url),
    }),
  },
];
