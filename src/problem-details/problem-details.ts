import { STATUS_CODES } from 'node:http';
import { HttpException, HttpStatus } from '@nestjs/common';
import { hasProblemType, type ProblemTypeSlug, problemTypeUri } from './problem-types.js';

export const PROBLEM_CONTENT_TYPE = 'application/problem+json';

/** RFC 9457 problem details, with this service's extension members. */
export interface ProblemDetails {
  type: string;
  title: string;
  status: number;
  detail: string;
  instance: string;
  /** Matches the X-Request-Id header and the audit log line, so a report can be traced. */
  requestId?: string;
  errors?: FieldError[];
  stack?: string;
}

export interface FieldError {
  field: string;
  messages: string[];
}

/** An HttpException that also sets response headers (WWW-Authenticate, Retry-After). */
export interface HasResponseHeaders {
  readonly responseHeaders: Readonly<Record<string, string>>;
}

export function hasResponseHeaders(error: unknown): error is HasResponseHeaders {
  return typeof error === 'object' && error !== null && 'responseHeaders' in error;
}

/** A 401 for a bearer token that was presented but refused (RFC 6750 §3.1), e.g. `invalid_token`. */
export interface BearerTokenError {
  readonly bearerError: string;
  readonly description: string;
}

export function isBearerTokenError(error: unknown): error is BearerTokenError {
  return typeof error === 'object' && error !== null && 'bearerError' in error;
}

/** An exception whose detail is meant for the client even in production (e.g. what to do next). */
export interface PublicDetail {
  readonly publicDetail: true;
}

function hasPublicDetail(error: unknown): error is PublicDetail {
  return typeof error === 'object' && error !== null && 'publicDetail' in error;
}

/** Fastify's own client errors whose message would not tell the client what to do. */
const FRAMEWORK_DETAIL: Partial<Record<string, string>> = {
  FST_ERR_CTP_INVALID_MEDIA_TYPE: 'Send the request body as application/json.',
};

/**
 * The type of an error that names none (Fastify's, Nest's own HttpExceptions such as
 * ParseUUIDPipe's or a NotFoundException): one meaning per status. A 401 or 403 is never guessed:
 * each refusal of this service names its type, so an unnamed one stays `about:blank`.
 */
const TYPE_BY_STATUS: Partial<Record<number, ProblemTypeSlug>> = {
  [HttpStatus.BAD_REQUEST]: 'malformed-request',
  [HttpStatus.NOT_FOUND]: 'not-found',
  [HttpStatus.CONFLICT]: 'conflict',
  [HttpStatus.PAYLOAD_TOO_LARGE]: 'payload-too-large',
  [HttpStatus.UNSUPPORTED_MEDIA_TYPE]: 'unsupported-media-type',
  [HttpStatus.TOO_MANY_REQUESTS]: 'throttled',
  431: 'headers-too-large',
  [HttpStatus.SERVICE_UNAVAILABLE]: 'service-unavailable',
};

const GENERIC_DETAIL: Partial<Record<number, string>> = {
  [HttpStatus.FORBIDDEN]: 'You are not allowed to perform this action.',
  [HttpStatus.INTERNAL_SERVER_ERROR]: 'An unexpected error occurred.',
};

/**
 * Turns anything thrown into a problem. Client errors keep their message; in production a server
 * error or a 403 says nothing about internals or the roles it wanted, unless its detail is public.
 */
export function toProblem(error: unknown, instance: string, production: boolean): ProblemDetails {
  const status = statusOf(error);
  const title = STATUS_CODES[status] ?? 'Error';
  const problem: ProblemDetails = { type: 'about:blank', title, status, detail: title, instance };

  if (error instanceof HttpException) {
    const response = error.getResponse();
    const body =
      typeof response === 'string' ? { message: response } : (response as Record<string, unknown>);
    if (typeof body.message === 'string') problem.detail = body.message;
    if (Array.isArray(body.errors)) problem.errors = body.errors as FieldError[];
  } else if (status < 500 && error instanceof Error) {
    problem.detail = error.message; // a framework client error such as malformed JSON
  }
  problem.detail = FRAMEWORK_DETAIL[frameworkCodeOf(error)] ?? problem.detail;
  problem.type = typeOf(error, problem);

  if (production && GENERIC_DETAIL[status] && !hasPublicDetail(error)) {
    problem.detail = GENERIC_DETAIL[status];
  } else if (
    !production &&
    status >= 500 &&
    !(error instanceof HttpException) &&
    error instanceof Error
  ) {
    // An unexpected error: outside production its message and stack help. Deliberate 5xx (503) stay clean.
    problem.detail = error.message;
    problem.stack = error.stack;
  }
  return problem;
}

/** The exception's own type; else a 400 naming fields failed validation; else its status's. */
function typeOf(error: unknown, problem: ProblemDetails): string {
  let slug: ProblemTypeSlug | undefined = TYPE_BY_STATUS[problem.status];
  if (hasProblemType(error)) slug = error.problemType;
  else if (problem.status === HttpStatus.BAD_REQUEST && problem.errors) slug = 'validation-failed';
  return slug ? problemTypeUri(slug) : 'about:blank';
}

/** Fastify's error code, on its error or, once Nest wrapped it in an HttpException, its cause. */
function frameworkCodeOf(error: unknown): string {
  const { code, cause } = (error ?? {}) as { code?: unknown; cause?: { code?: unknown } };
  const found = code ?? cause?.code;
  return typeof found === 'string' ? found : '';
}

function statusOf(error: unknown): number {
  if (error instanceof HttpException) return error.getStatus();
  const statusCode = (error as { statusCode?: unknown } | null)?.statusCode;
  // Fastify's own errors (bad JSON, body too large, bad content type) carry a 4xx statusCode.
  if (typeof statusCode === 'number' && statusCode >= 400 && statusCode < 500) return statusCode;
  return HttpStatus.INTERNAL_SERVER_ERROR;
}
