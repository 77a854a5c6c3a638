import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import fc from 'fast-check';
import { bearer } from '../users.js';
import { type Answer, checkAnswer, type Exchange, type Method, must } from './checks.js';
import { isRecord, parsed } from './json.js';
import { onlyKeys, seenByValidation } from './oracles.js';
import { pageCursors, pageLimits } from './page-queries.js';

/*
 * Property-based fuzzing of the real app (fast-check, default random seed: a failure prints the
 * seed and the shrunk counterexample, with the request and the answer), shared by the fuzz specs.
 * The generators live beside this file (bodies, authorization headers, path ids, page queries).
 * Invariants:
 * - a bad or forged Authorization header always gets 401 with a Bearer challenge, never 2xx/403/5xx;
 * - a JSON body never gets a 5xx; errors are problem+json whose `status` is the HTTP status; a 2xx
 *   comes only for a body the DTO accepts, and answers what was sent;
 * - a path id never gets a 5xx, and an unknown (or another user's) id never gets a 2xx;
 * - the victim's data is byte-for-byte unchanged, and Object.prototype is never polluted.
 */

const VERBOSE = { verbose: fc.VerbosityLevel.Verbose };

/** The row a request with an id aims at: the caller's own, another user's, or none at all. */
export type Target = { id: string; kind: 'mine' | 'foreign' | 'unknown' };

const NO_TARGET: Target = { id: '', kind: 'unknown' };

/** What a valid body may get on a route with an id: the success only on the caller's own row. */
export const mineOr404 = (target: Target, success: number) =>
  target.kind === 'mine' ? [success] : [404];

export interface BodyRoute {
  method: Method;
  url: (target: Target) => string;
  targets?: fc.Arbitrary<Target>;
  token?: string;
  bodies: fc.Arbitrary<string>;
  isValid: (input: unknown) => boolean;
  /** The statuses a body the DTO accepts may get (the success first). */
  whenValid: (target: Target, input: Record<string, unknown>) => readonly number[];
  whenInvalid: readonly number[];
  /** Checks a 2xx answer against what was sent. */
  checkSuccess: (
    input: Record<string, unknown>,
    output: Record<string, unknown>,
    target: Target,
  ) => boolean;
}

/** A route a bad Authorization header is sent to, with the JSON body it carries (if any). */
export interface GuardedRoute {
  method: Method;
  url: string;
  body?: unknown;
}

/** A route that takes a path id. Its `foreign` ids exist but are not the caller's: always 404. */
export interface IdRoute {
  method: Method;
  url: (id: string) => string;
  token?: string;
  body?: unknown;
  foreign: readonly string[];
}

/**
 * A list, fuzzed with `?limit=&cursor=`: the cursors in `valid` are ones it issued; those in
 * `others` were issued by other lists or to other users, and it must refuse them.
 */
export interface ListRoute {
  url: string;
  token?: string;
  valid: readonly string[];
  others: readonly string[];
}

export interface FuzzClient {
  /** A fresh client address, so the per-address throttles never decide an answer. */
  nextAddress(): string;
  send(request: Exchange): Promise<Answer>;
  /** A JSON request as a signed-in user (or anonymous), from a fresh address. */
  call(method: Method, url: string, token?: string, body?: unknown): Promise<Answer>;
  /** Sends a request that must answer 201, and returns the id of what it created. */
  created(method: Method, url: string, token: string, body: unknown): Promise<string>;
  /** JSON bodies for a route: 2xx only for what the DTO accepts, answering what was sent. */
  fuzzBodies(route: BodyRoute, numRuns: number): Promise<void>;
  /** Each header value on each route: 401 with a Bearer challenge. */
  fuzzAuthorization(
    headers: fc.Arbitrary<string>,
    routes: readonly GuardedRoute[],
    numRuns: number,
  ): Promise<void>;
  /** The cursor a list issues after its first item (`url` with `limit=1`); it must have two. */
  cursorOf(url: string, token?: string): Promise<string>;
  /** Page queries on the lists: 200 and a page exactly for a valid limit and cursor, else 400. */
  fuzzPageQueries(routes: readonly ListRoute[], numRuns: number): Promise<void>;
  /** Path ids on the routes: never a 5xx nor a 2xx, and 404 for a foreign id. */
  fuzzPathIds(
    routes: readonly IdRoute[],
    ids: fc.Arbitrary<string>,
    numRuns: number,
  ): Promise<void>;
}

export function fuzzClient(app: NestFastifyApplication): FuzzClient {
  let addressCounter = 0;
  const nextAddress = () => {
    addressCounter++;
    return `10.${(addressCounter >> 16) & 255}.${(addressCounter >> 8) & 255}.${addressCounter & 255}`;
  };

  async function send(request: Exchange): Promise<Answer> {
    const response = await app.inject({
      method: request.method,
      url: request.url,
      headers: request.headers,
      ...(request.payload === undefined ? {} : { payload: request.payload }),
      ...(request.remoteAddress === undefined ? {} : { remoteAddress: request.remoteAddress }),
    });
    return { request, status: response.statusCode, headers: response.headers, text: response.body };
  }

  function call(method: Method, url: string, token?: string, body?: unknown): Promise<Answer> {
    return send({
      method,
      url,
      headers: {
        ...(token === undefined ? {} : bearer(token)),
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      ...(body === undefined ? {} : { payload: JSON.stringify(body) }),
      remoteAddress: nextAddress(),
    });
  }

  async function created(
    method: Method,
    url: string,
    token: string,
    body: unknown,
  ): Promise<string> {
    const answer = await call(method, url, token, body);
    must(answer.status === 201, 'setup request failed', answer);
    return (JSON.parse(answer.text) as { id: string }).id;
  }

  async function fuzzBodies(route: BodyRoute, numRuns: number): Promise<void> {
    const targets = route.targets ?? fc.constant(NO_TARGET);
    await fc.assert(
      fc.asyncProperty(targets, route.bodies, async (target, raw) => {
        const answer = await send({
          method: route.method,
          url: route.url(target),
          headers: {
            ...(route.token === undefined ? {} : bearer(route.token)),
            'content-type': 'application/json',
          },
          payload: raw,
          remoteAddress: nextAddress(),
        });
        const input = seenByValidation(raw);
        const valid = input !== undefined && route.isValid(input);
        if (answer.status >= 200 && answer.status < 300) {
          must(valid, `a ${answer.status} for a body the DTO must refuse`, answer);
        }
        checkAnswer(
          answer,
          valid && isRecord(input) ? route.whenValid(target, input) : route.whenInvalid,
        );
        if (answer.status >= 200 && answer.status < 300 && isRecord(input)) {
          const output = parsed(answer.text);
          must(
            isRecord(output) && route.checkSuccess(input, output, target),
            'a success that does not answer what was sent',
            answer,
          );
        }
      }),
      { numRuns, ...VERBOSE },
    );
  }

  async function fuzzAuthorization(
    headers: fc.Arbitrary<string>,
    routes: readonly GuardedRoute[],
    numRuns: number,
  ): Promise<void> {
    await fc.assert(
      fc.asyncProperty(headers, async (value) => {
        for (const { method, url, body } of routes) {
          const answer = await send({
            method,
            url,
            headers: {
              authorization: value,
              ...(body === undefined ? {} : { 'content-type': 'application/json' }),
            },
            ...(body === undefined ? {} : { payload: JSON.stringify(body) }),
          });
          checkAnswer(answer, [401]);
        }
      }),
      { numRuns, ...VERBOSE },
    );
  }

  async function fuzzPathIds(
    routes: readonly IdRoute[],
    ids: fc.Arbitrary<string>,
    numRuns: number,
  ): Promise<void> {
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...routes), ids, async (route, id) => {
        const answer = await call(route.method, route.url(id), route.token, route.body);
        // Only other users' ids exist, and the caller does not own them: never a 2xx. The router
        // refuses a malformed %-escape (400) or an id over 100 characters (414) itself.
        checkAnswer(answer, [400, 404, 414]);
        if (route.foreign.includes(id))
          must(answer.status === 404, 'a foreign id that is not a 404', answer);
      }),
      { numRuns, ...VERBOSE },
    );
  }

  async function cursorOf(url: string, token?: string): Promise<string> {
    const answer = await call('GET', `${url}${url.includes('?') ? '&' : '?'}limit=1`, token);
    const page = parsed(answer.text);
    must(
      answer.status === 200 && isRecord(page) && typeof page.nextCursor === 'string',
      'a list without a second page',
      answer,
    );
    return page.nextCursor;
  }

  async function fuzzPageQueries(routes: readonly ListRoute[], numRuns: number): Promise<void> {
    const cases = fc
      .constantFrom(...routes)
      .chain((route) =>
        fc.tuple(fc.constant(route), pageLimits, pageCursors([...route.valid, ...route.others])),
      );
    await fc.assert(
      fc.asyncProperty(cases, async ([route, limit, cursor]) => {
        const query = new URLSearchParams({
          ...(limit !== undefined && { limit }),
          ...(cursor !== undefined && { cursor }),
        }).toString();
        const separator = route.url.includes('?') ? '&' : '?';
        const answer = await call('GET', `${route.url}${separator}${query}`, route.token);
        // What the server reads: the query string as sent, decoded.
        const seen = new URLSearchParams(query);
        const seenLimit = seen.get('limit');
        const seenCursor = seen.get('cursor');
        const validLimit =
          seenLimit === null ||
          (/^\d+$/.test(seenLimit) && Number(seenLimit) >= 1 && Number(seenLimit) <= 100);
        const validCursor = seenCursor === null || route.valid.includes(seenCursor);
        checkAnswer(answer, validLimit && validCursor ? [200] : [400]);
        if (answer.status === 200) {
          const page = parsed(answer.text);
          must(
            isRecord(page) &&
              onlyKeys(page, ['items', 'nextCursor']) &&
              Array.isArray(page.items) &&
              page.items.length <= Number(seenLimit ?? 20) &&
              (page.nextCursor === null || typeof page.nextCursor === 'string'),
            'a 200 that is not a page of at most `limit` items',
            answer,
          );
        }
      }),
      { numRuns, ...VERBOSE },
    );
  }

  return {
    nextAddress,
    send,
    call,
    created,
    fuzzBodies,
    fuzzAuthorization,
    fuzzPathIds,
    cursorOf,
    fuzzPageQueries,
  };
}
