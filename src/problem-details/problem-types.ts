/** One kind of problem: its page at `/problems/<slug>` and the status it always comes with. */
export interface ProblemTypeEntry {
  readonly status: number;
  readonly title: string;
  /** When the service answers with it. */
  readonly description: string;
  /** What a client should do next. */
  readonly clientAction: string;
}

/**
 * Every problem type this service sends, besides `about:blank` (an unexpected 500, a timeout: no
 * more than the status). The exceptions, the mapping in toProblem and the served pages all read
 * this one table, so a type cannot exist without its page.
 */
export const PROBLEM_TYPES = {
  'credentials-required': {
    status: 401,
    title: 'Credentials required',
    description: 'The route needs an access token and none came with the request.',
    clientAction: 'Sign in (POST /auth/login) and send "Authorization: Bearer <accessToken>".',
  },
  'token-expired': {
    status: 401,
    title: 'Access token expired',
    description: 'The access token was valid but its lifetime has passed.',
    clientAction: 'Get a new access token with the refresh token (POST /auth/refresh) and retry.',
  },
  'token-invalid': {
    status: 401,
    title: 'Access token invalid',
    description:
      'The Authorization header or its token cannot be accepted: malformed, signed with an ' +
      'unknown key or a bad signature, issued for another service, revoked (signed out, ' +
      'disabled account). The WWW-Authenticate error_description says which.',
    clientAction:
      'Do not retry with this token. Refresh once (POST /auth/refresh); if that is refused too, ' +
      'sign in again.',
  },
  'credentials-refused': {
    status: 401,
    title: 'Credentials refused',
    description:
      'Sign-in with a wrong email or password, or a refresh token that is invalid, expired or ' +
      'already used.',
    clientAction: 'Ask the user to sign in again; retrying the same credentials will not help.',
  },
  'role-missing': {
    status: 403,
    title: 'Role missing',
    description: 'The caller is signed in but has none of the roles the route requires.',
    clientAction: 'Do not retry, and do not refresh: a new token carries the same roles.',
  },
  'network-not-allowed': {
    status: 403,
    title: 'Network not allowed',
    description:
      'Admin routes, and GET /metrics when so configured, are open only to the networks the ' +
      'operator allows.',
    clientAction: 'Call from an allowed network; retrying from this one will not help.',
  },
  'email-not-verified': {
    status: 403,
    title: 'Email not verified',
    description: 'The route requires a verified email address and the caller has not verified it.',
    clientAction:
      'Follow the link of the verification email (POST /auth/email/verify/resend sends another), ' +
      'sign in again, then retry.',
  },
  'current-password-refused': {
    status: 403,
    title: 'Current password refused',
    description: 'The current password given to change it is wrong. The access token is fine.',
    clientAction: 'Ask the user for the current password again; do not refresh the token.',
  },
  'link-token-refused': {
    status: 400,
    title: 'Link token refused',
    description:
      'A password reset or email verification token is invalid, expired or already used.',
    clientAction: 'Ask for a new link; this token will never be accepted.',
  },
  'validation-failed': {
    status: 400,
    title: 'Validation failed',
    description: 'The body, query or path parameters are invalid; `errors` lists each field.',
    clientAction: 'Fix the fields named in `errors` and send the request again.',
  },
  'malformed-request': {
    status: 400,
    title: 'Malformed request',
    description:
      'The request cannot be read: JSON that does not parse, a path id that is not a UUID, ' +
      'a malformed URL or HTTP message.',
    clientAction: 'Fix the request; sending it unchanged will fail again.',
  },
  'not-found': {
    status: 404,
    title: 'Not found',
    description: 'No such route, or no such resource visible to the caller.',
    clientAction: 'Check the path and id; do not retry unchanged.',
  },
  conflict: {
    status: 409,
    title: 'Conflict',
    description:
      'The request conflicts with the current state: the email is taken, the address is ' +
      'already verified, or the change would leave no enabled admin. The detail says which.',
    clientAction: 'Re-read the state and change the request; do not retry unchanged.',
  },
  'payload-too-large': {
    status: 413,
    title: 'Payload too large',
    description: 'The request body is larger than 1 MiB.',
    clientAction: 'Send a smaller body.',
  },
  'unsupported-media-type': {
    status: 415,
    title: 'Unsupported media type',
    description: 'The request body is not application/json.',
    clientAction: 'Send the body as JSON with "Content-Type: application/json".',
  },
  throttled: {
    status: 429,
    title: 'Too many requests',
    description: 'Too many attempts (sign-in, password reset, verification emails) in a while.',
    clientAction: 'Wait the number of seconds in Retry-After, then retry.',
  },
  'headers-too-large': {
    status: 431,
    title: 'Request headers too large',
    description: 'The request headers are larger than the server accepts.',
    clientAction: 'Send fewer or smaller headers (cookies, tokens).',
  },
  'service-unavailable': {
    status: 503,
    title: 'Service unavailable',
    description: 'A dependency (the database, Redis) does not answer. The detail names it.',
    clientAction: 'Retry later, with backoff.',
  },
} as const satisfies Record<string, ProblemTypeEntry>;

export type ProblemTypeSlug = keyof typeof PROBLEM_TYPES;

/** Where a type's page is served; relative, resolved against the service (RFC 9457 §3.1.1). */
export const PROBLEM_TYPES_PATH = '/problems';

export function problemTypeUri(slug: ProblemTypeSlug): string {
  return `${PROBLEM_TYPES_PATH}/${slug}`;
}

export function isProblemTypeSlug(slug: string): slug is ProblemTypeSlug {
  return Object.hasOwn(PROBLEM_TYPES, slug);
}

/** An exception that names its problem type; the problem-details layer reads it. */
export interface HasProblemType {
  readonly problemType: ProblemTypeSlug;
}

export function hasProblemType(error: unknown): error is HasProblemType {
  return typeof error === 'object' && error !== null && 'problemType' in error;
}
