import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { length } from 'class-validator';
import fc from 'fast-check';
import { createHmac } from 'node:crypto';
import { Role } from '../../src/auth/role.enum.js';
import { MAX_INPUT_DEPTH, RESERVED_KEYS } from '../../src/problem-details/validation-problem.js';
import { CHALLENGE, JSON_TYPE, PROBLEM_JSON } from './problems.js';
import { AUDIENCE, decode, ISSUER, TEST_SECRET, unsignedToken } from './tokens.js';
import { bearer, type SignedInUser } from './users.js';

/*
 * Property-based fuzzing of the real app (fast-check, default random seed: a failure prints the
 * seed and the shrunk counterexample, with the request and the answer), shared by the fuzz specs.
 * Invariants:
 * - a bad or forged Authorization header always gets 401 with a Bearer challenge, never 2xx/403/5xx;
 * - a JSON body never gets a 5xx; errors are problem+json whose `status` is the HTTP status; a 2xx
 *   comes only for a body the DTO accepts, and answers what was sent;
 * - a path id never gets a 5xx, and an unknown (or another user's) id never gets a 2xx;
 * - the victim's data is byte-for-byte unchanged, and Object.prototype is never polluted.
 */

const VERBOSE = { verbose: fc.VerbosityLevel.Verbose };

export type Method = 'GET' | 'POST' | 'PATCH' | 'DELETE';

export interface Exchange {
  method: Method;
  url: string;
  headers: Record<string, string>;
  payload?: string;
  remoteAddress?: string;
}

export interface Answer {
  request: Exchange;
  status: number;
  headers: Record<string, unknown>;
  text: string;
}

// ---------------------------------------------------------------------------------------------
// Helpers: JSON with literals JSON.stringify cannot write, objects with any own keys, oracles.

/** A placeholder that `toRaw` turns into a bare JSON literal (such as `-0` or `1e400`). */
const RAW = (literal: string) => `\u0001RAW:${literal}\u0001`;

function toRaw(value: unknown): string {
  const json = JSON.stringify(value) as string | undefined;
  if (json === undefined) return '';
  return json.replace(/"\\u0001RAW:([^"\\]*)\\u0001"/g, '$1');
}

/** An object with these own keys, `__proto__` included (an assignment would set the prototype). */
export function objectOf(entries: [string, unknown][]): Record<string, unknown> {
  const result: Record<string, unknown> = {};
  for (const [key, value] of entries) {
    Object.defineProperty(result, key, {
      value,
      enumerable: true,
      writable: true,
      configurable: true,
    });
  }
  return result;
}

const NOT_JSON = Symbol('not JSON');

/** What the server's JSON parser sees (JSON.parse keeps `__proto__` as an own key too). */
function parsed(raw: string): unknown {
  try {
    return JSON.parse(raw) as unknown;
  } catch {
    return NOT_JSON;
  }
}

export const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** Every object and array inside a value, with its depth (the value itself is at depth 0). */
function* nodes(value: unknown): Generator<[object, number]> {
  const pending: [unknown, number][] = [[value, 0]];
  while (pending.length > 0) {
    const [current, depth] = pending.pop() as [unknown, number];
    if (typeof current !== 'object' || current === null) continue;
    yield [current, depth];
    for (const child of Object.values(current)) pending.push([child, depth + 1]);
  }
}

/** Fastify refuses (400) a JSON body with a `__proto__` key, or a `constructor` holding `prototype`. */
const poisoned = (value: unknown) =>
  [...nodes(value)].some(([node]) => {
    const record = node as Record<string, unknown>;
    const ctor = Object.hasOwn(node, 'constructor') ? record.constructor : undefined;
    return (
      Object.hasOwn(node, '__proto__') ||
      (typeof ctor === 'object' && ctor !== null && Object.hasOwn(ctor, 'prototype'))
    );
  });

const storable = (value: unknown) =>
  typeof value !== 'string' || (!value.includes('\u0000') && value.isWellFormed());

/**
 * The app's guard before validation: no string holding NUL or a lone surrogate, no key reserved by
 * the app (`prototype`, Object.prototype's names), no nesting past MAX_INPUT_DEPTH levels.
 */
const acceptable = (value: unknown) =>
  storable(value) &&
  [...nodes(value)].every(
    ([node, depth]) =>
      depth < MAX_INPUT_DEPTH &&
      Object.keys(node).every((key) => !RESERVED_KEYS.has(key)) &&
      Object.values(node).every(storable),
  );

/**
 * The body the DTO's rules end up judging, or undefined when it is refused before them (not JSON,
 * poisoned, NUL, lone surrogate, reserved key, too deep). Nest's ValidationPipe also reads a JSON
 * `null` as `{}`.
 */
function seenByValidation(raw: string): unknown {
  const input = parsed(raw);
  if (input === NOT_JSON || poisoned(input) || !acceptable(input)) return undefined;
  if (input === null) return {};
  return input;
}

export const has = (value: Record<string, unknown>, key: string) => Object.hasOwn(value, key);

export const onlyKeys = (value: Record<string, unknown>, allowed: string[]) =>
  Object.keys(value).every((key) => allowed.includes(key));

/** A string field as the DTOs take it: no NUL, length (class-validator's count) after an optional trim. */
export const isText = (value: unknown, min: number, max: number, trim: boolean): value is string =>
  typeof value === 'string' &&
  !value.includes('\u0000') &&
  length(trim ? value.trim() : value, min, max);

export const isCents = (value: unknown, min: number, max: number): value is number =>
  typeof value === 'number' && Number.isInteger(value) && value >= min && value <= max;

/** Lone surrogates cannot be stored as UTF-8: the database keeps U+FFFD in their place. */
export const wellFormed = (text: string): string =>
  text.replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '\uFFFD');

const clip = (text: string | undefined, max = 600) =>
  text === undefined
    ? '(none)'
    : text.length > max
      ? `${text.slice(0, max)}… (${text.length} chars)`
      : text;

function describeExchange(answer: Answer): string {
  const { method, url, headers, payload, remoteAddress } = answer.request;
  return [
    `${method} ${clip(url, 300)} from ${remoteAddress ?? 'default address'}`,
    `  request headers: ${clip(JSON.stringify(headers))}`,
    `  payload: ${clip(payload === undefined ? undefined : JSON.stringify(payload))}`,
    `  → ${answer.status} ${JSON.stringify(answer.headers['content-type'])}`,
    `  www-authenticate: ${JSON.stringify(answer.headers['www-authenticate'])}`,
    `  body: ${clip(answer.text)}`,
  ].join('\n');
}

export function must(condition: unknown, what: string, answer: Answer): asserts condition {
  if (!condition) throw new Error(`${what}\n${describeExchange(answer)}`);
}

const PROTOTYPE_KEYS = Object.getOwnPropertyNames(Object.prototype).sort().join();

export function checkNoPollution(answer?: Answer): void {
  const probe: Record<string, unknown> = {};
  const inherited: string[] = [];
  for (const key in probe) inherited.push(key);
  const clean =
    probe.polluted === undefined &&
    probe.isAdmin === undefined &&
    probe.admin === undefined &&
    inherited.length === 0 &&
    Object.getOwnPropertyNames(Object.prototype).sort().join() === PROTOTYPE_KEYS;
  if (!clean) {
    const message = `Object.prototype was polluted: ${Object.getOwnPropertyNames(Object.prototype).join()}`;
    throw new Error(answer ? `${message}\n${describeExchange(answer)}` : message);
  }
}

/** Every answer: no 5xx, an allowed status, problem+json errors, challenges and Retry-After. */
function checkAnswer(answer: Answer, allowed: readonly number[]): void {
  must(answer.status < 500, `a ${answer.status} (server error)`, answer);
  must(
    allowed.includes(answer.status),
    `status ${answer.status}, expected one of ${allowed.join(', ')}`,
    answer,
  );
  if (answer.status >= 400) {
    must(
      answer.headers['content-type'] === PROBLEM_JSON,
      'an error that is not problem+json',
      answer,
    );
    const problem = parsed(answer.text);
    must(
      isRecord(problem) &&
        problem.status === answer.status &&
        problem.type === 'about:blank' &&
        typeof problem.title === 'string' &&
        typeof problem.detail === 'string',
      'a problem body whose numeric `status` is not the HTTP status',
      answer,
    );
  } else if (answer.status !== 204) {
    must(answer.headers['content-type'] === JSON_TYPE, 'a success that is not JSON', answer);
  }
  if (answer.status === 401) {
    const challenge = answer.headers['www-authenticate'];
    must(
      typeof challenge === 'string' && challenge.startsWith(CHALLENGE),
      'a 401 without a Bearer challenge',
      answer,
    );
  }
  if (answer.status === 429) {
    must(
      /^[1-9]\d*$/.test(String(answer.headers['retry-after'])),
      'a 429 without Retry-After',
      answer,
    );
  }
  checkNoPollution(answer);
}

// ---------------------------------------------------------------------------------------------
// Generators.

const PRINTABLE = fc.integer({ min: 0x20, max: 0x7e }).map((code) => String.fromCharCode(code));
export const printable = (maxLength: number, minLength = 0) =>
  fc.string({ unit: PRINTABLE, minLength, maxLength });
export const BASE64URL = fc.constantFrom(
  ...'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_'.split(''),
);

/** `n` characters of `unit` repeated (values up to ~8 KB). */
export const repeated = (unit: string, n: number) =>
  unit.repeat(Math.ceil(n / unit.length)).slice(0, n);

const NASTY_STRINGS = [
  '',
  ' ',
  '\t\n\r',
  '\u00a0\u2028\u2029\ufeff\u3000',
  '\u0000',
  'a\u0000b',
  'Café ☕ 🍰 \u202e',
  '\ud800',
  'x\udfffy',
  '🍰'.repeat(3),
  'e\u0301',
  'x\ufe0f',
  '0',
  '100',
  '-0',
  '1e3',
  '0x10',
  ' 42 ',
  'null',
  'true',
  'undefined',
  'NaN',
  '__proto__',
  'constructor',
  "' OR '1'='1",
  '<script>alert(1)</script>',
  '${7*7}',
  '%00',
  '../../etc/passwd',
];

/** Odd values of every JSON type, plus literals only raw JSON can carry. */
const oddScalar: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom<unknown>(
    null,
    true,
    false,
    [],
    {},
    0,
    1,
    -1,
    0.5,
    1e308,
    -1e308,
    2 ** 31,
    2 ** 53 + 2,
    Number.MAX_SAFE_INTEGER,
    Number.MIN_VALUE,
  ),
  fc.constantFrom(
    RAW('-0'),
    RAW('-0.0'),
    RAW('1e400'),
    RAW('-1e400'),
    RAW('1e-400'),
    RAW('100.0'),
    RAW('1E2'),
    RAW('12345678901234567890'),
  ),
  fc.constantFrom(...NASTY_STRINGS),
  fc.string({ unit: 'binary', maxLength: 12 }),
  fc.string({ unit: fc.constantFrom(...'0123456789'.split('')), minLength: 1, maxLength: 25 }),
  fc.double(),
  fc.integer(),
);

/** 1 to 100 levels of arrays and/or objects around a value. */
const deepValue: fc.Arbitrary<unknown> = fc
  .tuple(fc.integer({ min: 1, max: 100 }), fc.constantFrom('array', 'object', 'mixed'), oddScalar)
  .map(([depth, kind, leaf]) => {
    let value: unknown = leaf;
    for (let level = 0; level < depth; level++) {
      const asArray = kind === 'array' || (kind === 'mixed' && level % 2 === 0);
      value = asArray ? [value] : { a: value };
    }
    return value;
  });

const oddValue: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 4, arbitrary: oddScalar },
  { weight: 1, arbitrary: deepValue },
  { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 2 }) },
);

/** Strings near a field's limits: empty, blank, padded, emoji, NUL, lone surrogates, max ± 2. */
export function textLike(max: number): fc.Arbitrary<string> {
  return fc.oneof(
    { weight: 4, arbitrary: fc.string({ maxLength: Math.min(max + 2, 40) }) },
    { weight: 2, arbitrary: fc.string({ unit: 'grapheme', maxLength: 12 }) },
    { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 12 }) },
    { weight: 1, arbitrary: fc.constantFrom(...NASTY_STRINGS) },
    {
      weight: 2,
      arbitrary: fc
        .tuple(
          fc.constantFrom('a', '🍰', 'é', ' ', 'x\ufe0f', 'e\u0301'),
          fc.integer({ min: max - 2, max: max + 2 }),
        )
        .map(([unit, n]) => unit.repeat(Math.max(n, 0))),
    },
    {
      weight: 1,
      arbitrary: fc
        .tuple(
          fc.constantFrom(' ', '\t', '\u00a0', '\n', '\ufeff'),
          fc.string({ minLength: 1, maxLength: 10 }),
        )
        .map(([pad, core]) => `${pad}${core}${pad}`),
    },
  );
}

/** `?limit=` values: none, integers around the bounds, numbers in other spellings, any text. */
const pageLimits: fc.Arbitrary<string | undefined> = fc.oneof(
  fc.constant(undefined),
  { weight: 2, arbitrary: fc.integer({ min: -2, max: 102 }).map(String) },
  fc.constantFrom('', ' 5', '5 ', '+5', '05', '1e1', '0x10', '1.0', '2.5', 'NaN', '9'.repeat(40)),
  textLike(8),
);

/** `?cursor=` values: none, real ones, real ones with one character changed, look-alikes, any text. */
function pageCursors(real: readonly string[]): fc.Arbitrary<string | undefined> {
  const changed = fc
    .tuple(fc.constantFrom(...real), fc.nat(), BASE64URL)
    .map(([cursor, at, unit]) => {
      const index = at % cursor.length;
      return `${cursor.slice(0, index)}${unit}${cursor.slice(index + 1)}`;
    });
  const lookAlike = fc
    .tuple(
      fc.string({ unit: BASE64URL, maxLength: 120 }),
      fc.string({ unit: BASE64URL, minLength: 22, maxLength: 22 }),
    )
    .map(([payload, tag]) => `${payload}.${tag}`);
  return fc.oneof(
    fc.constant(undefined),
    { weight: 2, arbitrary: fc.constantFrom(...real) },
    { weight: 2, arbitrary: changed },
    lookAlike,
    textLike(300),
  );
}

export function centsLike(min: number, max: number): fc.Arbitrary<unknown> {
  return fc.oneof(
    { weight: 5, arbitrary: fc.integer({ min: min - 10, max: max + 10 }) },
    { weight: 2, arbitrary: fc.constantFrom(min, max, min - 1, max + 1, min + 1, max - 1) },
    {
      weight: 1,
      arbitrary: fc.constantFrom(
        RAW('-0'),
        RAW('100.0'),
        RAW('1E2'),
        RAW('0.0'),
        RAW('1e400'),
        RAW('1e-7'),
      ),
    },
    {
      weight: 1,
      arbitrary: fc.constantFrom('100', '0', '1e3', ' 7', 1e308, -1e308, 0.1, 2 ** 53 + 2, null),
    },
    { weight: 1, arbitrary: fc.double() },
  );
}

const EXTRA_KEYS = fc.oneof(
  fc.constantFrom(
    '__proto__',
    'constructor',
    'prototype',
    'toString',
    'hasOwnProperty',
    'valueOf',
    'id',
    'userId',
    'roles',
    'isAdmin',
    'polluted',
    '',
    'name ',
    'NAME',
    'a\u0000b',
  ),
  fc.string({ maxLength: 8 }),
);

/**
 * JSON bodies for a DTO: mostly objects built from its fields (each value good or odd, each key
 * maybe missing, sometimes extra keys), then random JSON, odd top-level values, deep nesting,
 * prototype-pollution attempts and malformed JSON.
 */
export function jsonBodies(fields: Record<string, fc.Arbitrary<unknown>>): fc.Arbitrary<string> {
  const values = Object.fromEntries(
    Object.entries(fields).map(([key, good]) => [
      key,
      fc.oneof({ weight: 6, arbitrary: good }, { weight: 1, arbitrary: oddValue }),
    ]),
  );
  const known = fc.oneof(fc.record(values), fc.record(values, { requiredKeys: [] }));
  const extras = fc.oneof(
    { weight: 5, arbitrary: fc.constant<[string, unknown][]>([]) },
    {
      weight: 1,
      arbitrary: fc.array(fc.tuple(EXTRA_KEYS, oddValue), { minLength: 1, maxLength: 2 }),
    },
  );
  const shaped = fc
    .tuple(known, extras)
    .map(([own, extra]) => objectOf([...Object.entries(own), ...extra]));

  const pollution = fc
    .tuple(
      known,
      fc.constantFrom('__proto__', 'constructor', 'prototype'),
      fc.constantFrom<unknown>(
        { polluted: 'yes', isAdmin: true },
        { prototype: { polluted: 'yes' } },
        objectOf([['__proto__', { polluted: 'yes' }]]),
      ),
      fc.boolean(),
    )
    .map(([own, key, attack, nested]) => {
      const [firstKey] = Object.keys(own);
      if (nested && firstKey !== undefined) {
        return objectOf([...Object.entries(own), [firstKey, objectOf([[key, attack]])]]);
      }
      return objectOf([[key, attack], ...Object.entries(own)]);
    });

  const deepText = fc
    .tuple(
      fc.integer({ min: 1, max: 100 }),
      fc.constantFrom('[', '{"a":', '{"name":', '[{"a":'),
      fc.boolean(),
    )
    .map(([depth, open, underField]) => {
      const close = open.startsWith('[{') ? '}]' : open.startsWith('[') ? ']' : '}';
      const nested = `${open.repeat(depth)}1${close.repeat(depth)}`;
      const [firstKey = 'a'] = Object.keys(fields);
      return underField ? `{${JSON.stringify(firstKey)}:${nested}}` : nested;
    });

  return fc.oneof(
    { weight: 12, arbitrary: shaped.map(toRaw) },
    { weight: 1, arbitrary: fc.json({ maxDepth: 3 }) },
    { weight: 1, arbitrary: fc.anything({ maxDepth: 3 }).map(toRaw) },
    { weight: 1, arbitrary: oddValue.map(toRaw) },
    { weight: 1, arbitrary: fc.array(shaped, { maxLength: 3 }).map(toRaw) },
    { weight: 1, arbitrary: deepText },
    { weight: 2, arbitrary: pollution.map(toRaw) },
    {
      weight: 1,
      arbitrary: fc
        .tuple(shaped.map(toRaw), fc.nat())
        .map(([json, cut]) => json.slice(0, json.length > 0 ? cut % json.length : 0)),
    },
  );
}

// ---------------------------------------------------------------------------------------------
// Authorization headers.

/**
 * Bad or forged Authorization header values: random text, other schemes, forged and nearly genuine
 * JWTs, and tampered copies of the given users' real tokens (never one of them intact).
 */
export function badAuthorizationHeaders(users: SignedInUser[]): fc.Arbitrary<string> {
  const realTokens = users.map((user) => user.accessToken);
  const realIds = users.map((user) => user.id);
  const now = Math.floor(Date.now() / 1000);
  const encode = (part: unknown) =>
    Buffer.from(typeof part === 'string' ? part : toRaw(part)).toString('base64url');
  /** A JWS with any header and payload, HMAC-signed with `key` (or unsigned when null). */
  const jws = (header: unknown, payload: unknown, key: string | null, hash: string) => {
    const input = `${encode(header)}.${encode(payload)}`;
    return `${input}.${key === null ? '' : createHmac(hash, key).update(input).digest('base64url')}`;
  };

  const segment = fc.oneof(
    fc.string({ unit: BASE64URL, maxLength: 60 }),
    fc
      .string({ unit: 'binary', maxLength: 40 })
      .map((text) => Buffer.from(text).toString('base64url')),
    fc.uint8Array({ maxLength: 64 }).map((bytes) => Buffer.from(bytes).toString('base64url')),
    fc.jsonValue({ maxDepth: 2 }).map(encode),
  );
  const segments = fc
    .array(segment, { minLength: 1, maxLength: 5 })
    .map((parts) => parts.join('.'));

  const time = fc.oneof(
    fc.constantFrom<unknown>(
      now + 900,
      now - 1,
      now + 3600,
      0,
      -1,
      1e308,
      -1e308,
      2 ** 53,
      2 ** 31,
      9_999_999_999_999,
      null,
      true,
      '9999999999',
      [],
      {},
    ),
    fc.integer(),
    fc.double(),
    fc.constantFrom(RAW('1e400'), RAW('-0')),
  );
  // A real user's id appears only wrapped in a wrong type: a signed token naming it plainly
  // would be a genuine token. Regression tests in fuzz.e2e-spec.ts cover a `sub` of one id in
  // an array.
  const identifier = fc.oneof(
    fc.uuid(),
    fc.uuid().map((id) => id.toUpperCase()),
    fc
      .constantFrom(...realIds)
      .chain((id) =>
        fc.constantFrom<unknown>(
          { id },
          [id, id],
          ` ${id}`,
          `${id}\n`,
          `${id}x`,
          id.replaceAll('-', ''),
          `${id},${id}`,
        ),
      ),
    oddScalar,
  );
  const sessionIdentifier = fc.oneof(
    identifier,
    fc.uuid().map((id) => [id]),
    fc.uuid().map((id) => [[id]]),
  );
  const header = fc.record(
    {
      alg: fc.constantFrom(
        'HS256',
        'HS384',
        'HS512',
        'RS256',
        'ES256',
        'PS256',
        'none',
        'None',
        'NONE',
        '',
        'hs256',
      ),
      typ: fc.constantFrom('JWT', 'jwt', 'at+jwt', 'JOSE'),
      kid: fc.oneof(
        fc.constantFrom('../../../../dev/null', 'no-such-key', "' OR 1=1 --", ''),
        fc.string(),
      ),
      jku: fc.constant('https://evil.example/jwks.json'),
      crit: fc.constant(['exp']),
      b64: fc.constant(false),
    },
    { requiredKeys: ['alg'] },
  );
  const extraClaims = fc.array(
    fc.tuple(
      fc.constantFrom('roles', 'admin', 'isAdmin', 'scope', 'email', '__proto__', 'constructor'),
      fc.jsonValue({ maxDepth: 2 }),
    ),
    { maxLength: 3 },
  );
  const claims = fc
    .tuple(
      fc.record(
        {
          sub: identifier,
          sid: sessionIdentifier,
          iss: fc.oneof(fc.constantFrom<unknown>(ISSUER, 'evil', '', [ISSUER]), oddScalar),
          aud: fc.oneof(
            fc.constantFrom<unknown>(AUDIENCE, [AUDIENCE], [AUDIENCE, 'evil'], 'evil', ''),
            oddScalar,
          ),
          exp: time,
          nbf: time,
          iat: time,
          jti: fc.string(),
        },
        { requiredKeys: [] },
      ),
      extraClaims,
    )
    .map(([own, extra]) => objectOf([...Object.entries(own), ...extra]));
  const payload = fc.oneof(
    { weight: 6, arbitrary: claims },
    { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 30 }) },
    { weight: 1, arbitrary: oddValue },
  );
  const keys = fc.constantFrom<[string | null, string]>(
    [TEST_SECRET, 'sha256'],
    [TEST_SECRET, 'sha384'],
    [TEST_SECRET, 'sha512'],
    ['another-signing-secret-of-32-bytes!!', 'sha256'],
    ['', 'sha256'],
    [null, 'sha256'],
  );
  const forged = fc
    .tuple(header, payload, keys)
    .map(([head, body, [key, hash]]) => jws(head, body, key, hash));

  // Signed with the real key: the signature holds, so the claims, the key id and the user
  // decide. Each starts as a token for a user that does not exist, then gets 0–3 defects.
  const realKid = (
    JSON.parse(Buffer.from(users[0].accessToken.split('.')[0], 'base64url').toString()) as {
      kid?: unknown;
    }
  ).kid;
  const nearlyGenuine = fc
    .tuple(
      fc.constantFrom<Record<string, unknown>>(
        { alg: 'HS256', typ: 'JWT' },
        { alg: 'HS256', typ: 'JWT', kid: realKid },
        { alg: 'HS256', kid: realKid, jku: 'https://evil.example/jwks.json' },
      ),
      fc.constantFrom('__proto__', 'constructor', 'toString', 'hasOwnProperty', '', 'none'),
      fc.boolean(),
      fc.uuid(),
      fc.uuid(),
      fc.record({
        sub: identifier,
        sid: sessionIdentifier,
        iss: fc.oneof(fc.constantFrom<unknown>('evil', '', [ISSUER], `${ISSUER} `), oddScalar),
        aud: fc.oneof(fc.constantFrom<unknown>([AUDIENCE], [AUDIENCE, 'evil'], 'evil'), oddScalar),
        exp: time,
        nbf: time,
        iat: time,
      }),
      fc.shuffledSubarray(['sub', 'sid', 'iss', 'aud', 'exp', 'nbf', 'iat'], { maxLength: 2 }),
      extraClaims,
    )
    .map(([head, oddKid, withOddKid, sub, sid, defects, defective, extra]) => {
      const base = { sub, sid, iss: ISSUER, aud: AUDIENCE, iat: now, exp: now + 900 };
      const claimSet = objectOf([
        ...Object.entries(base),
        ...Object.entries(defects).filter(([claim]) => defective.includes(claim)),
        ...extra,
      ]);
      return jws(withOddKid ? { ...head, kid: oddKid } : head, claimSet, TEST_SECRET, 'sha256');
    });

  const tampered = fc
    .tuple(
      fc.constantFrom(...realTokens),
      fc.constantFrom(
        'payload',
        'header',
        'signature',
        'strip',
        'none',
        'flip',
        'truncate',
        'append',
      ),
      fc.constantFrom(...realIds),
      fc.nat(),
      BASE64URL,
    )
    .map(([token, how, id, position, char]) => {
      const [head, body, signature] = token.split('.') as [string, string, string];
      const claimsOf = decode(token);
      switch (how) {
        case 'payload':
          return `${head}.${encode({ ...claimsOf, sub: id, roles: [Role.Admin], exp: now + 86_400 })}.${signature}`;
        case 'header':
          return `${encode({ alg: 'none', typ: 'JWT' })}.${body}.${signature}`;
        case 'signature':
          return `${head}.${body}.${createHmac('sha256', 'not-the-key').update(`${head}.${body}`).digest('base64url')}`;
        case 'strip':
          return `${head}.${body}.`;
        case 'none':
          return unsignedToken({ ...claimsOf, sub: id });
        case 'flip': {
          const at = position % token.length;
          return `${token.slice(0, at)}${token[at] === char ? (char === 'A' ? 'B' : 'A') : char}${token.slice(at + 1)}`;
        }
        case 'truncate':
          return token.slice(0, position % token.length);
        default:
          return `${token}${char}`;
      }
    });

  const scheme = fc.oneof(
    fc.constantFrom(
      'Bearer',
      'bearer',
      'BEARER',
      'Basic',
      'Digest',
      'Token',
      'JWT',
      'Negotiate',
      'Bearer:',
      'Bear',
      '',
    ),
    fc.string({ unit: PRINTABLE, minLength: 1, maxLength: 12 }).filter((text) => !/\s/.test(text)),
  );
  const authorization = fc.oneof(
    printable(200),
    fc.tuple(scheme, printable(120)).map(([name, value]) => `${name} ${value}`),
    segments.map((token) => `Bearer ${token}`),
    { weight: 3, arbitrary: forged.map((token) => `Bearer ${token}`) },
    { weight: 3, arbitrary: nearlyGenuine.map((token) => `Bearer ${token}`) },
    {
      weight: 2,
      arbitrary: fc
        .tuple(fc.constantFrom('Bearer', 'bearer', 'Bearer ', 'Token'), tampered)
        .map(([name, token]) => `${name} ${token}`),
    },
    fc
      .tuple(
        fc.constantFrom('Bearer ', '', 'Basic ', 'Bearer a.'),
        fc.constantFrom('A', 'eyJ', '.', 'a.b.', ' ', '=', 'eyJhbGciOiJub25lIn0.'),
        fc.integer({ min: 1_000, max: 8_000 }),
      )
      .map(([prefix, unit, n]) => `${prefix}${repeated(unit, n - prefix.length)}`),
    fc.constantFrom(
      '',
      ' ',
      'Bearer',
      'Bearer ',
      'Bearer  ',
      ' Bearer x',
      'Bearer\tx',
      'Bearer null',
      'Bearer undefined',
      'Bearer ...',
      'Bearer a.b.c',
      'Basic dXNlcjpwYXNz',
      'Bearer eyJhbGciOiJub25lIn0.e30.',
      'Bearer Bearer x',
    ),
  );
  /** passport-jwt takes the second word; it must never be a genuine token. */
  const harmless = (value: string) => {
    const word = /(\S+)\s+(\S+)/.exec(value)?.[2];
    return word === undefined || !realTokens.includes(word);
  };
  return authorization.filter(harmless);
}

// ---------------------------------------------------------------------------------------------
// Path ids.

const WELL_KNOWN = [
  '00000000-0000-0000-0000-000000000000',
  'ffffffff-ffff-ffff-ffff-ffffffffffff',
  'FFFFFFFF-FFFF-FFFF-FFFF-FFFFFFFFFFFF',
  '00000000-0000-0000-0000-00000000000',
  '00000000000000000000000000000000',
  '{00000000-0000-4000-8000-000000000000}',
  'urn:uuid:00000000-0000-4000-8000-000000000000',
  '00000000-0000-4000-8000-000000000000 ',
  '00000000-0000-4000-8000-000000000000\n',
  '00000000-0000-9000-8000-000000000000',
  '00000000-0000-4000-c000-000000000000',
  'not-a-uuid',
  '1',
  '-1',
  "1' OR '1'='1",
  '\u0000',
  '%00',
  '🍰',
  '\u202e',
  'constructor',
  '__proto__',
];
const rawSegments = [
  '%ZZ',
  '%',
  '%00',
  '%c0%ae',
  '..%2F..%2Fetc',
  '%E2%80%AE',
  '%2F',
  '%25',
  '%F0%9F%8D%B0',
  '%ff',
];
const encodable = (text: string) => {
  try {
    return encodeURIComponent(text);
  } catch {
    return undefined; // a lone surrogate
  }
};
const segmentArbitrary = fc.oneof(
  fc
    .oneof(
      fc.string({ minLength: 1, maxLength: 60 }),
      fc.string({ unit: 'binary', minLength: 1, maxLength: 40 }),
      fc.uuid(),
      fc.uuid().map((id) => id.toUpperCase()),
      fc.uuid().map((id) => `${id}${id.slice(0, 1)}`),
      fc.constantFrom(...WELL_KNOWN),
      fc.integer({ min: 110, max: 400 }).map((n) => repeated('a', n)),
    )
    .map(encodable)
    .filter((segment): segment is string => segment !== undefined),
  fc.constantFrom(...rawSegments),
);
// A segment the URL parser would resolve (".", "%2e%2e") names no id at all.
const isLiteralSegment = (segment: string) =>
  new URL(`http://localhost/a/b/${segment}`).pathname === `/a/b/${segment}`;

/** Path ids: mostly odd or unknown segments, sometimes one of `foreign` (ids not the caller's). */
export function pathIds(foreign: readonly string[] = []): fc.Arbitrary<string> {
  const odd = segmentArbitrary.filter(isLiteralSegment);
  return foreign.length === 0
    ? odd
    : fc.oneof(
        { weight: 8, arbitrary: odd },
        { weight: 1, arbitrary: fc.constantFrom(...foreign) },
      );
}

// ---------------------------------------------------------------------------------------------
// Running requests and properties against an app.

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
