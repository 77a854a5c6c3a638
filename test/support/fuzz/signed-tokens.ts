// Tokens signed with the real key over arbitrary JSON, and which of them the service must accept.
import fc from 'fast-check';
import { createHmac } from 'node:crypto';
import { AUDIENCE, ISSUER, TEST_SECRET } from '../tokens.js';
import { isRecord, NOT_JSON, objectOf, parsed, RAW, toRaw } from './json.js';
import { oddScalar, oddValue } from './values.js';

/** The test app's JWT_ACCESS_TTL and JWT_CLOCK_TOLERANCE (their defaults). */
const TTL = 900;
const TOLERANCE = 5;
const DAY = 86_400;

/** A token as signed: its exact header and payload bytes, and the compact JWS. */
export interface SignedToken {
  header: Buffer;
  payload: Buffer;
  token: string;
  [fc.toStringMethod](): string;
}

/** What GET /auth/me answers for an accepted token (its user need not exist). */
export interface Caller {
  id: string;
  email: string;
  roles: unknown[];
  emailVerified: boolean;
}

const DELETE = Symbol('delete');
/** Stands for an own `__proto__` member (a literal or fc.record would set the prototype instead). */
const OWN_PROTO = '(own __proto__)';
const seconds = () => Math.floor(Date.now() / 1000);

/** A claim's time: whole seconds around now (the boundaries included), or an odd value. */
const time = (base: () => number) =>
  fc.oneof(
    {
      weight: 3,
      arbitrary: fc
        .constantFrom(0, 1, -1, -4, -5, -6, 4, 5, 6, 60, -3600, TTL, TTL + 5, TTL + 6, 3650 * DAY)
        .map((offset) => () => base() + offset),
    },
    fc
      .constantFrom<unknown>('1700000000', null, true, [], 0.5, 2 ** 53, RAW('1e400'), RAW('-0'))
      .map((value) => () => value),
  );

/** A JSON object's text with a duplicate of `key` in front: JSON.parse keeps the last one. */
const withDuplicate = (text: string, key: string, value: unknown) =>
  text.startsWith('{') && text !== '{}'
    ? `{${JSON.stringify(key)}:${toRaw(value)},${text.slice(1)}`
    : text;

/** `base` with the `defective` keys replaced by their generated value, or deleted. */
function mutated(
  base: Record<string, unknown>,
  defects: Record<string, unknown>,
  defective: string[],
): Record<string, unknown> {
  const entries = Object.entries(base).filter(([key]) => !defective.includes(key));
  for (const key of defective) {
    if (defects[key] !== DELETE)
      entries.push([key === OWN_PROTO ? '__proto__' : key, defects[key]]);
  }
  return objectOf(entries);
}

function sign(header: string | Buffer, payload: string | Buffer): SignedToken {
  const [head, body] = [Buffer.from(header), Buffer.from(payload)];
  const input = `${head.toString('base64url')}.${body.toString('base64url')}`;
  const signature = createHmac('sha256', TEST_SECRET).update(input).digest('base64url');
  const token = `${input}.${signature}`;
  // A counterexample shows as text, not as two Buffers' bytes.
  const shown = () => JSON.stringify({ header: head.toString(), payload: body.toString(), token });
  return { header: head, payload: body, token, [fc.toStringMethod]: shown };
}

/** 0–`max` of `defects`' keys, each replacing (or deleting) that member of a valid `base`. */
function nearlyValid(
  bases: fc.Arbitrary<Record<string, unknown>>,
  defects: Record<string, fc.Arbitrary<unknown>>,
  max: number,
): fc.Arbitrary<Record<string, unknown>> {
  return fc
    .tuple(bases, fc.record(defects), fc.shuffledSubarray(Object.keys(defects), { maxLength: max }))
    .map(([base, values, defective]) => mutated(base, values, defective));
}

/** Any JSON value, odd literals, text that is not JSON, bytes that are not UTF-8. */
const anything: fc.Arbitrary<string | Buffer> = fc.oneof(
  fc.jsonValue({ maxDepth: 3 }).map(toRaw),
  oddValue.map(toRaw),
  fc.constantFrom('', '{broken', '{"a":1', 'null ', ' {}', '{}x', '\ufeff{}'),
  fc.string({ unit: 'binary', maxLength: 30 }),
  fc.uint8Array({ maxLength: 40 }).map((bytes) => Buffer.from(bytes)),
);

/**
 * Headers and payloads of any JSON value (null, arrays, numbers, strings, nested objects), text
 * that is not JSON or not UTF-8, and mostly near-valid ones: the service's own header and claims
 * with 0–3 defects each (a defect may be harmless: a valid value, an unknown non-critical member).
 * All signed with the real key, so only the header and the claims decide.
 */
export function signedTokens(realKid: string): fc.Arbitrary<SignedToken> {
  const uuid = fc.uuid({ version: 4 });
  const id = fc.oneof(
    { weight: 2, arbitrary: uuid },
    fc.constant(DELETE),
    uuid.map((value) => value.toUpperCase()),
    uuid.map((value) => [value]),
    uuid.map((value) => ` ${value}`),
    uuid.map((value) => value.replaceAll('-', '')),
    oddScalar,
  );
  const header = nearlyValid(
    fc.constantFrom<Record<string, unknown>>(
      { alg: 'HS256', typ: 'JWT', kid: realKid },
      { alg: 'HS256', typ: 'JWT' },
      { alg: 'HS256', kid: realKid },
      { alg: 'HS256' },
    ),
    {
      alg: fc.constantFrom<unknown>(DELETE, 'hs256', 'HS512', 'none', 'RS256', null, ['HS256']),
      typ: fc.constantFrom<unknown>(DELETE, 'jwt', 'Jwt', 'at+jwt', 'JOSE', '', null, 1),
      kid: fc.constantFrom<unknown>(DELETE, 'no-such-key', realKid.toUpperCase(), '', 0, [realKid]),
      crit: fc.constantFrom<unknown>([], ['x-unknown'], ['exp'], 'b64', null),
      'x-unknown': fc.constant(true),
      jku: fc.constant('https://evil.example/jwks.json'),
      b64: fc.constant(false),
      [OWN_PROTO]: fc.constant({ crit: ['x'] }),
    },
    2,
  );
  const claims = nearlyValid(
    fc.record({
      sub: uuid,
      sid: uuid,
      email: fc.oneof(fc.emailAddress(), fc.constantFrom('', 'Ada <ada@example.com>', '\ud800')),
      roles: fc.constantFrom(['user'], ['user', 'admin'], ['admin'], []),
      email_verified: fc.boolean(),
      jti: uuid,
      iss: fc.constant(ISSUER),
      aud: fc.constant(AUDIENCE),
      iat: fc.constant(() => seconds()),
      exp: fc.constant(() => seconds() + TTL),
    }),
    {
      sub: id,
      sid: id,
      email: fc.oneof(fc.constant(DELETE), oddValue),
      roles: fc.constantFrom<unknown>(DELETE, ['root'], 'user', ['USER'], [['user']], {}, null),
      email_verified: fc.constantFrom<unknown>(DELETE, 'true', 1, null),
      jti: fc.oneof(fc.constant(DELETE), oddValue),
      iss: fc.constantFrom<unknown>(DELETE, 'evil', [ISSUER], `${ISSUER} `, ISSUER, null),
      aud: fc.constantFrom<unknown>(DELETE, 'evil', [AUDIENCE], [AUDIENCE, 'evil'], AUDIENCE),
      exp: fc.oneof(fc.constant(DELETE), time(seconds)),
      iat: fc.oneof(fc.constant(DELETE), time(seconds)),
      nbf: time(seconds),
      [OWN_PROTO]: fc.constant({ roles: ['admin'] }),
      admin: fc.constant(true),
    },
    3,
  );
  // A member repeated in front (JSON.parse keeps the last), then the text as it is signed.
  const text = (value: fc.Arbitrary<Record<string, unknown>>) =>
    fc
      .tuple(value, fc.oneof({ weight: 4, arbitrary: fc.constant(DELETE) }, oddScalar))
      .map(([record, duplicate]) => {
        // Times are functions of the clock, read as the token is signed.
        const json = toRaw(
          objectOf(
            Object.entries(record).map(([key, member]) => [
              key,
              typeof member === 'function' ? (member as () => unknown)() : member,
            ]),
          ),
        );
        const first = Object.keys(record)[0];
        return duplicate === DELETE || first === undefined
          ? json
          : withDuplicate(json, first, duplicate);
      });
  return fc
    .tuple(
      fc.oneof({ weight: 5, arbitrary: text(header) }, anything),
      fc.oneof({ weight: 5, arbitrary: text(claims) }, anything),
    )
    .map(([head, body]) => sign(head, body));
}

/** JSON.parse of UTF-8 bytes; NOT_JSON for invalid UTF-8 (or a byte order mark) or bad JSON. */
function parsedBytes(bytes: Buffer): unknown {
  const text = bytes.toString('utf8');
  if (!Buffer.from(text).equals(bytes) || text.startsWith('\ufeff')) return NOT_JSON;
  return parsed(text);
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const whole = (value: unknown): value is number => Number.isSafeInteger(value);

/**
 * The oracle: the caller a token authenticates, or undefined when the service must refuse it, at
 * `now` (seconds). Written from the rules in docs/security.md, not from the verifier's code.
 */
export function callerOf(signed: SignedToken, realKid: string, now: number): Caller | undefined {
  const header = parsedBytes(signed.header);
  const claims = parsedBytes(signed.payload);
  if (!isRecord(header) || !isRecord(claims)) return undefined;
  const { typ, kid } = header;
  const headerOk =
    header.alg === 'HS256' &&
    !Object.hasOwn(header, 'crit') &&
    (typ === undefined || (typeof typ === 'string' && typ.toLowerCase() === 'jwt')) &&
    (kid === undefined || kid === realKid);
  const { exp, iat, nbf, iss, aud, sub, sid, email, roles, email_verified } = claims;
  const claimsOk =
    whole(exp) &&
    whole(iat) &&
    (nbf === undefined || (whole(nbf) && nbf <= now + TOLERANCE)) &&
    iss === ISSUER &&
    aud === AUDIENCE &&
    now < exp + TOLERANCE &&
    iat <= now + TOLERANCE &&
    exp - iat <= TTL + TOLERANCE &&
    typeof sub === 'string' &&
    UUID.test(sub) &&
    typeof sid === 'string' &&
    UUID.test(sid) &&
    typeof email === 'string' &&
    Array.isArray(roles) &&
    roles.every((role) => role === 'user' || role === 'admin') &&
    typeof email_verified === 'boolean';
  return headerOk && claimsOk
    ? { id: sub, email, roles, emailVerified: email_verified }
    : undefined;
}
