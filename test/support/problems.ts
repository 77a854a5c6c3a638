// What the service answers with: RFC 9457 problem details and RFC 6750 Bearer challenges.
import { UUID } from './matchers.js';

export const PROBLEM_JSON = 'application/problem+json; charset=utf-8';
export const JSON_TYPE = 'application/json; charset=utf-8';

/** The bare challenge sent when no usable credentials came with the request. */
export const CHALLENGE = 'Bearer realm="nest-auth-starter"';

/** The challenge sent for a token that was presented but refused. */
export const invalidTokenChallenge = (description: string) =>
  `${CHALLENGE}, error="invalid_token", error_description="${description}"`;

export interface FieldError {
  field: string;
  messages: string[];
}

/** Every response names its request with a UUID (also in the X-Request-Id header). */
export const REQUEST_ID = UUID;

/** The problem types a client may branch on, as docs/problem-types.md lists them. */
export const PROBLEM_TYPE_SLUGS = [
  'credentials-required',
  'token-expired',
  'token-invalid',
  'credentials-refused',
  'role-missing',
  'network-not-allowed',
  'email-not-verified',
  'current-password-refused',
  'link-token-refused',
  'validation-failed',
  'malformed-request',
  'not-found',
  'conflict',
  'payload-too-large',
  'unsupported-media-type',
  'throttled',
  'headers-too-large',
  'service-unavailable',
] as const;

export type ProblemTypeSlug = (typeof PROBLEM_TYPE_SLUGS)[number];

/** A problem's `type`: a page of the service, or `about:blank` (nothing more than the status). */
export const problemType = (slug: ProblemTypeSlug | 'about:blank') =>
  slug === 'about:blank' ? slug : `/problems/${slug}`;

export const problem = (
  type: ProblemTypeSlug | 'about:blank',
  status: number,
  title: string,
  detail: string,
  instance: string,
) => ({
  type: problemType(type),
  title,
  status,
  detail,
  instance,
  requestId: REQUEST_ID,
});

/** A 400 for a body or parameters that failed validation, naming each field. */
export const invalid = (instance: string, errors: FieldError[]) => ({
  ...problem(
    'validation-failed',
    400,
    'Bad Request',
    'The request body or parameters are invalid.',
    instance,
  ),
  errors,
});

/** A 400 for a path id that is not a UUID. */
export const malformedId = (instance: string) =>
  problem(
    'malformed-request',
    400,
    'Bad Request',
    'Validation failed (uuid is expected)',
    instance,
  );

/** A 401 for a request without credentials (it comes with the bare CHALLENGE). */
export const unauthenticated = (instance: string) =>
  problem(
    'credentials-required',
    401,
    'Unauthorized',
    'Authentication is required: send an access token as "Authorization: Bearer <token>".',
    instance,
  );

/** A 403 on an admin route outside production (production does not name the role). */
export const adminRequired = (instance: string) =>
  problem(
    'role-missing',
    403,
    'Forbidden',
    'This action requires one of the roles: admin.',
    instance,
  );
