// Generators of bad or forged Authorization headers.
import fc from 'fast-check';
import { createHmac } from 'node:crypto';
import { Role } from '../../../src/auth/role.enum.js';
import { AUDIENCE, decode, ISSUER, TEST_SECRET, unsignedToken } from '../tokens.js';
import { type SignedInUser } from '../users.js';
import { objectOf, RAW, toRaw } from './json.js';
import { BASE64URL, oddScalar, oddValue, PRINTABLE, printable, repeated } from './values.js';

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
  // Never `email`: no claim set here has one, so none is well formed and every header here must be
  // refused. (With a string email and a list of known roles, a token signed with the real key can
  // be genuine; fuzz.e2e-spec.ts checks those tokens against an oracle.)
  const extraClaims = fc.array(
    fc.tuple(
      fc.constantFrom('roles', 'admin', 'isAdmin', 'scope', '__proto__', 'constructor'),
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
  /** The second word is what a `Bearer <token>` header would present: never a genuine token. */
  const harmless = (value: string) => {
    const word = /(\S+)\s+(\S+)/.exec(value)?.[2];
    return word === undefined || !realTokens.includes(word);
  };
  return authorization.filter(harmless);
}
