import { InvalidTokenException } from './exceptions/invalid-token.exception.js';

/** What is read of a request: Fastify's (the Node request in `raw`) or Node's own. */
export interface RequestHeaders {
  headers: Record<string, string | string[] | undefined>;
  raw?: { rawHeaders?: readonly string[] };
  rawHeaders?: readonly string[];
}

export const MALFORMED_AUTHORIZATION =
  'The Authorization header is malformed: send the Bearer scheme, one or more spaces and the token.';
export const REPEATED_AUTHORIZATION = 'The request carries more than one Authorization header.';

const BEARER_SCHEME = /^bearer(?:[ \t]|$)/i;
/** RFC 6750 §2.1: `"Bearer" 1*SP b64token`, the scheme in any case (RFC 9110 §11.1). */
const BEARER_CREDENTIALS = /^bearer +([\w\-.~+/]+=*)$/i;
const BEARER_WITHOUT_TOKEN = /^bearer[ \t]*$/i;

/**
 * The token of the request's `Authorization: Bearer <b64token>` header; undefined when it carries no
 * bearer credentials (no header, another scheme, or "Bearer" alone): then the answer is the bare
 * challenge. A Bearer header of any other form, or a second Authorization header (Node keeps only
 * the first in `headers`; `rawHeaders` has them all), is a token presented but refused: 401
 * invalid_token, as RFC 6750 §3.1 allows for a malformed one; the product answers every failed
 * authentication 401, so not invalid_request's 400.
 */
export function bearerTokenOf(request: RequestHeaders): string | undefined {
  const field = request.headers.authorization;
  if (field === undefined) return undefined;
  if (typeof field !== 'string' || authorizationCount(request) > 1) {
    throw new InvalidTokenException(REPEATED_AUTHORIZATION, 'malformed_token');
  }
  if (!BEARER_SCHEME.test(field)) return undefined;
  const token = BEARER_CREDENTIALS.exec(field)?.[1];
  if (token !== undefined) return token;
  if (BEARER_WITHOUT_TOKEN.test(field)) return undefined;
  throw new InvalidTokenException(MALFORMED_AUTHORIZATION, 'malformed_token');
}

function authorizationCount(request: RequestHeaders): number {
  const raw = request.raw?.rawHeaders ?? request.rawHeaders;
  if (raw === undefined) return 1;
  let count = 0;
  for (let i = 0; i < raw.length; i += 2) {
    if (raw[i].length === 13 && raw[i].toLowerCase() === 'authorization') count++;
  }
  return count;
}
