import type { OpenAPIObject } from '@nestjs/swagger';
import { errorCodes } from 'fastify';
import { CredentialsRequiredException } from '../auth/exceptions/refused-credentials.exception.js';
import { problemResponse } from '../problem-details/api-problem-response.decorator.js';
import { invalidInput } from '../problem-details/validation-problem.js';
import { storeUnavailable } from '../redis/redis-client.js';

type OperationObject = NonNullable<OpenAPIObject['paths'][string]['get']>;
type ResponseObject = Exclude<OperationObject['responses'][string], { $ref: string } | undefined>;
type HeaderObject = Exclude<NonNullable<ResponseObject['headers']>[string], { $ref: string }>;

/** On every response of every operation, set by configureApp's onRequest hook. */
const EVERY_RESPONSE: Record<string, HeaderObject> = {
  'X-Request-Id': {
    description: 'This request’s id: also in a problem’s `requestId` and the audit log',
    required: true,
    schema: { type: 'string', format: 'uuid' },
  },
  'Cache-Control': {
    description: 'Tokens and per-user data must not be cached',
    required: true,
    schema: { type: 'string', enum: ['no-store'] },
  },
};

/** On a response of one status, whatever the operation: the filter sets them from the error. */
const BY_STATUS: Record<string, Record<string, HeaderObject>> = {
  '401': {
    'WWW-Authenticate': {
      description: 'The bearer challenge (RFC 6750 §3), with `error="invalid_token"` when refused',
      required: true,
      schema: { type: 'string', pattern: '^Bearer realm="[^"]*"' },
    },
  },
  '429': {
    'Retry-After': {
      description: 'Seconds to wait before trying again',
      required: true,
      schema: { type: 'integer', minimum: 0 },
    },
  },
};

const BY_STATUS_HEADERS = Object.assign({}, ...Object.values(BY_STATUS)) as Record<
  string,
  HeaderObject
>;

const headerRef = (name: string) => ({ $ref: `#/components/headers/${name}` });

const example = { field: 'email', messages: ['email must be an email'] };

/** Responses an operation can get for what it declares, whatever its handler does. */
function commonResponses(operation: OperationObject): Record<string, ResponseObject> {
  const responses: Record<string, ResponseObject> = {};
  const parameters = (operation.parameters ?? []) as { in?: string }[];
  if (operation.requestBody || parameters.some((parameter) => parameter.in !== 'header')) {
    responses['400'] = problemResponse(
      400,
      'Invalid input: a field, a parameter, or the JSON itself',
      invalidInput([example]),
    );
  }
  if (operation.requestBody) {
    responses['413'] = problemResponse(
      413,
      'The body exceeds 1 MiB',
      new errorCodes.FST_ERR_CTP_BODY_TOO_LARGE(),
    );
    responses['415'] = problemResponse(
      415,
      'The body is not application/json',
      new errorCodes.FST_ERR_CTP_INVALID_MEDIA_TYPE(),
    );
  }
  if (operation.security?.length) {
    responses['401'] = problemResponse(
      401,
      'Missing, invalid, expired or revoked access token',
      new CredentialsRequiredException(),
    );
  }
  // Sessions, revocations, throttles and access changes live in Redis when REDIS_URL is set:
  // while it is away, every request that consults it fails closed.
  if (operation.security?.length || operation.responses['429']) {
    responses['503'] = problemResponse(
      503,
      'REDIS_URL is set and Redis does not answer: try again shortly',
      storeUnavailable(),
    );
  }
  // Any request can fail unexpectedly, the database gone away say: a problem that names nothing.
  responses['500'] = problemResponse(500, 'An unexpected failure', new Error('unexpected'));
  return responses;
}

/**
 * Completes every operation of the built document with what the app's shared pipeline does, so
 * no route has to repeat it: the 400/413/415 of a body, the 401 of a token, the 503 of a Redis
 * outage, the 500 of anything unexpected, and the headers every response, a 401 or a 429 carries. A route's own documentation
 * of a status wins over the generic one; headers are added to it.
 */
export function documentCommonResponses(document: OpenAPIObject): void {
  // Described once under components, referred to from every response.
  document.components = {
    ...document.components,
    headers: { ...document.components?.headers, ...EVERY_RESPONSE, ...BY_STATUS_HEADERS },
  };
  for (const methods of Object.values(document.paths)) {
    for (const method of ['get', 'put', 'post', 'delete', 'patch'] as const) {
      const operation = methods[method];
      if (!operation) continue;
      operation.responses = { ...commonResponses(operation), ...operation.responses };
      for (const [status, response] of Object.entries(operation.responses)) {
        if (!response || '$ref' in response) continue;
        const shared = { ...EVERY_RESPONSE, ...BY_STATUS[status] };
        const references = Object.keys(shared).map((name) => [name, headerRef(name)]);
        response.headers = { ...Object.fromEntries(references), ...response.headers };
      }
      operation.responses = Object.fromEntries(
        Object.entries(operation.responses).sort(([a], [b]) => a.localeCompare(b)),
      );
    }
  }
}
