import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import fc from 'fast-check';
import { createHmac } from 'node:crypto';
import { isDeepStrictEqual } from 'node:util';
import { Role } from '../src/auth/role.enum.js';
import { badAuthorizationHeaders } from './support/fuzz/authorization-headers.js';
import { jsonBodies } from './support/fuzz/bodies.js';
import { checkAnswer, checkNoPollution, must } from './support/fuzz/checks.js';
import { fuzzClient, type FuzzClient, mineOr404, type Target } from './support/fuzz/client.js';
import { isRecord, objectOf, parsed } from './support/fuzz/json.js';
import { accountEmail, isText, onlyKeys } from './support/fuzz/oracles.js';
import { pathIds } from './support/fuzz/path-ids.js';
import { callerOf, signedTokens } from './support/fuzz/signed-tokens.js';
import { BASE64URL, emailForms, printable, repeated, textLike } from './support/fuzz/values.js';
import { CHALLENGE, PROBLEM_JSON } from './support/problems.js';
import { createTestApp } from './support/test-app.js';
import { AUDIENCE, decode, ISSUER, TEST_SECRET } from './support/tokens.js';
import { PASSWORD, signIn, type SignedInUser, uniqueEmail } from './support/users.js';

/*
 * Property-based fuzzing of the starter's own routes (authentication, admin users); the invariants
 * are in ./support/fuzz/client.ts, the generators beside it. Each feature module fuzzes its routes
 * in a spec of its own.
 */
const INVALID_TOKEN_CHALLENGE = `${CHALLENGE}, error="invalid_token", error_description="`;
const decodeHeader = (token: string): unknown =>
  JSON.parse(Buffer.from(token.split('.')[0], 'base64url').toString());

describe('Fuzzing the HTTP API with fast-check (e2e)', () => {
  let app: NestFastifyApplication;
  let fuzz: FuzzClient;
  let admin: SignedInUser;
  let fuzzer: SignedInUser;
  let victim: SignedInUser;
  let loginTarget: SignedInUser;
  let roleTarget: SignedInUser;
  let victimSnapshot: string[];

  /** The victim's data, as the raw bytes the API answers. */
  async function snapshotVictim(): Promise<string[]> {
    const [me, users] = await Promise.all([
      fuzz.call('GET', '/auth/me', victim.accessToken),
      fuzz.call('GET', `/admin/users?email=${encodeURIComponent(victim.email)}`, admin.accessToken),
    ]);
    for (const answer of [me, users]) must(answer.status === 200, 'the victim lost access', answer);
    const page = JSON.parse(users.text) as { items: { id: string }[] };
    const row = page.items.find((user) => user.id === victim.id);
    must(row, 'the victim is not listed', users);
    return [me.text, JSON.stringify(row)];
  }

  beforeAll(async () => {
    app = await createTestApp();
    fuzz = fuzzClient(app);
    [admin, fuzzer, victim, loginTarget, roleTarget] = await Promise.all([
      signIn(app, [Role.User, Role.Admin]),
      signIn(app),
      signIn(app),
      signIn(app),
      signIn(app),
    ]);
    victimSnapshot = await snapshotVictim();
  });

  afterAll(async () => {
    await app.close();
  });

  // -------------------------------------------------------------------------------------------
  // Authorization headers.

  it('answers 401 with a Bearer challenge to every bad or forged Authorization header', async () => {
    await fuzz.fuzzAuthorization(
      badAuthorizationHeaders([fuzzer, admin, victim, loginTarget, roleTarget]),
      [
        { method: 'GET', url: '/auth/me' },
        { method: 'GET', url: '/admin/users' },
        {
          method: 'PATCH',
          url: `/admin/users/${roleTarget.id}/roles`,
          body: { roles: [Role.User, Role.Admin] },
        },
      ],
      200,
    );
  });

  it('accepts a token signed with the real key exactly when it is well formed, else 401 invalid_token', async () => {
    const realKid = (decodeHeader(fuzzer.accessToken) as { kid: string }).kid;
    const seconds = () => Math.floor(Date.now() / 1000);
    await fc.assert(
      fc.asyncProperty(signedTokens(realKid), async (signed) => {
        // The clock is read on both sides of the request: a second may tick in between.
        const before = callerOf(signed, realKid, seconds());
        const answer = await fuzz.call('GET', '/auth/me', signed.token);
        const after = callerOf(signed, realKid, seconds());
        const allowed = [before, after].map((caller) => (caller ? 200 : 401));
        checkAnswer(answer, allowed);
        if (answer.status === 200) {
          must(
            [before, after].some((caller) => isDeepStrictEqual(parsed(answer.text), caller)),
            'a 200 that does not answer the claims of the token',
            answer,
          );
        } else {
          must(
            String(answer.headers['www-authenticate']).startsWith(INVALID_TOKEN_CHALLENGE),
            'a refused token without an invalid_token challenge',
            answer,
          );
        }
      }),
      { numRuns: 500 },
    );
  });

  // -------------------------------------------------------------------------------------------
  // JSON bodies.

  const email = fc.oneof(
    { weight: 3, arbitrary: fc.emailAddress() },
    fc.emailAddress().map((address) => `  ${address.toUpperCase()}\t`),
    emailForms(fc.emailAddress()),
    textLike(254),
    fc.tuple(printable(20, 1), printable(20, 1)).map(([local, domain]) => `${local}@${domain}`),
    fc.integer({ min: 240, max: 260 }).map((n) => `${repeated('a', n - 12)}@example.com`),
  );
  const isEmailField = (value: unknown) => accountEmail(value) !== undefined;

  it('POST /auth/register: 201 only for a valid email and an 8–128 character password', async () => {
    const isValid = (input: unknown) =>
      isRecord(input) &&
      onlyKeys(input, ['email', 'password']) &&
      isEmailField(input.email) &&
      isText(input.password, 8, 128, false);
    await fuzz.fuzzBodies(
      {
        method: 'POST',
        url: () => '/auth/register',
        bodies: jsonBodies({
          email,
          password: fc.oneof(
            textLike(128),
            fc.string({ minLength: 6, maxLength: 30 }),
            fc.string({ unit: 'grapheme', minLength: 6, maxLength: 12 }),
          ),
        }),
        isValid,
        whenValid: () => [201, 409],
        whenInvalid: [400],
        checkSuccess: (input, output) =>
          output.email === accountEmail(input.email) &&
          JSON.stringify(output.roles) === JSON.stringify([Role.User]) &&
          typeof output.id === 'string' &&
          !('passwordHash' in output),
      },
      150,
    );
  });

  it('POST /auth/login: 200 only for the right email and password', async () => {
    const target = loginTarget.email;
    const isValid = (input: unknown) =>
      isRecord(input) &&
      onlyKeys(input, ['email', 'password']) &&
      isEmailField(input.email) &&
      isText(input.password, 1, 128, false);
    const isRight = (input: Record<string, unknown>) =>
      accountEmail(input.email) === target && input.password === PASSWORD;
    await fuzz.fuzzBodies(
      {
        method: 'POST',
        url: () => '/auth/login',
        bodies: jsonBodies({
          email: fc.oneof(
            { weight: 2, arbitrary: fc.constant(target) },
            fc.constantFrom(
              target,
              target.toUpperCase(),
              ` ${target} `,
              `${target}.`,
              target.replace('@', '@@'),
            ),
            emailForms(fc.constant(target)),
            email,
          ),
          password: fc.oneof(
            { weight: 2, arbitrary: fc.constant(PASSWORD) },
            fc.constantFrom(
              PASSWORD,
              `${PASSWORD} `,
              ` ${PASSWORD}`,
              PASSWORD.toUpperCase(),
              `${PASSWORD}\u0000`,
            ),
            textLike(128),
          ),
        }),
        isValid,
        // The account allows 10 failures a minute, after which even the right password gets 429.
        whenValid: (_target, input) => (isRight(input) ? [200, 429] : [401, 429]),
        whenInvalid: [400],
        checkSuccess: (input, output) =>
          isRight(input) && output.tokenType === 'Bearer' && typeof output.accessToken === 'string',
      },
      150,
    );
  });

  it('POST /auth/refresh: never 200 for a token that was never issued', async () => {
    await fuzz.fuzzBodies(
      {
        method: 'POST',
        url: () => '/auth/refresh',
        bodies: jsonBodies({
          refreshToken: fc.oneof(
            textLike(1024),
            fc.string({ unit: BASE64URL, minLength: 40, maxLength: 50 }),
            fc.constantFrom(
              fuzzer.accessToken,
              `${fuzzer.refreshToken}x`,
              fuzzer.refreshToken.slice(1),
            ),
          ),
        }),
        isValid: (input) =>
          isRecord(input) &&
          onlyKeys(input, ['refreshToken']) &&
          isText(input.refreshToken, 1, 1024, false),
        whenValid: () => [401],
        whenInvalid: [400],
        checkSuccess: () => false,
      },
      200,
    );
  });

  it('PATCH /admin/users/:id/roles: 200 only for an existing user and 1–2 distinct known roles', async () => {
    const isValid = (input: unknown) =>
      isRecord(input) &&
      onlyKeys(input, ['roles']) &&
      Array.isArray(input.roles) &&
      input.roles.length >= 1 &&
      input.roles.length <= 2 &&
      new Set(input.roles).size === input.roles.length &&
      input.roles.every((role) => role === Role.User || role === Role.Admin);
    await fuzz.fuzzBodies(
      {
        method: 'PATCH',
        url: (target) => `/admin/users/${target.id}/roles`,
        targets: fc.oneof(
          { weight: 3, arbitrary: fc.constant<Target>({ id: roleTarget.id, kind: 'mine' }) },
          { weight: 1, arbitrary: fc.uuid().map((id): Target => ({ id, kind: 'unknown' })) },
        ),
        token: admin.accessToken,
        bodies: jsonBodies({
          roles: fc.oneof(
            {
              weight: 2,
              arbitrary: fc.shuffledSubarray([Role.User, Role.Admin], { minLength: 1 }),
            },
            fc.array(
              fc.oneof(
                fc.constantFrom<unknown>(
                  Role.User,
                  Role.Admin,
                  'ADMIN',
                  'admin ',
                  'root',
                  '',
                  null,
                  1,
                  ['admin'],
                ),
              ),
              {
                maxLength: 4,
              },
            ),
            fc.constantFrom<unknown>('admin', Role.User, { 0: 'admin', length: 1 }),
          ),
        }),
        isValid,
        whenValid: (target) => mineOr404(target, 200),
        whenInvalid: [400],
        checkSuccess: (input, output, target) =>
          output.id === target.id && JSON.stringify(output.roles) === JSON.stringify(input.roles),
      },
      200,
    );
  });

  // -------------------------------------------------------------------------------------------
  // Page queries.

  it('GET /admin/users: a page exactly for a valid limit and a cursor of the same list, else 400', async () => {
    const token = admin.accessToken;
    const everyone = await fuzz.cursorOf('/admin/users', token);
    const admins = await fuzz.cursorOf('/admin/users?role=admin', token);
    await fuzz.fuzzPageQueries(
      [
        { url: '/admin/users', token, valid: [everyone], others: [admins] },
        { url: '/admin/users?role=admin', token, valid: [admins], others: [everyone] },
      ],
      200,
    );
  });

  it('GET /auth/sessions: a page exactly for a valid limit and a cursor of the caller’s list', async () => {
    // A second session, so that the victim's list has a second page.
    const second = await fuzz.call('POST', '/auth/login', undefined, {
      email: victim.email,
      password: PASSWORD,
    });
    must(second.status === 200, 'the victim could not sign in again', second);
    const token = victim.accessToken;
    const sessions = await fuzz.cursorOf('/auth/sessions', token);
    const users = await fuzz.cursorOf('/admin/users', admin.accessToken);
    await fuzz.fuzzPageQueries(
      [
        { url: '/auth/sessions', token, valid: [sessions], others: [users] },
        // The victim's cursor, sent by another user: always refused.
        { url: '/auth/sessions', token: fuzzer.accessToken, valid: [], others: [sessions] },
      ],
      100,
    );
  });

  // -------------------------------------------------------------------------------------------
  // Path ids.

  it('never answers 5xx to a path id, nor 2xx to an unknown one', async () => {
    const status = { method: 'PATCH', token: admin.accessToken, foreign: [] } as const;
    await fuzz.fuzzPathIds(
      [
        { ...status, url: (id) => `/admin/users/${id}/roles`, body: { roles: [Role.User] } },
        { ...status, url: (id) => `/admin/users/${id}/status`, body: { disabled: true } },
      ],
      pathIds(),
      200,
    );
  });

  it('DELETE /auth/sessions/:id and /admin/users/:id/sessions: never 5xx nor 2xx to an odd id; another user’s session is 404', async () => {
    const victimSession = decode(victim.accessToken).sid as string;
    await fuzz.fuzzPathIds(
      [
        {
          method: 'DELETE',
          token: fuzzer.accessToken,
          url: (id) => `/auth/sessions/${id}`,
          foreign: [victimSession],
        },
        {
          method: 'DELETE',
          token: admin.accessToken,
          url: (id) => `/admin/users/${id}/sessions`,
          foreign: [],
        },
      ],
      pathIds([victimSession]),
      150,
    );
  });

  // -------------------------------------------------------------------------------------------
  // Regression tests for what the properties found (each answered 500, 200 or plain JSON).

  it.each([
    ['a malformed percent-encoding (400)', '/admin/users/%ZZ/roles', 400],
    ['an id over 100 characters (414)', `/admin/users/${'a'.repeat(101)}/roles`, 414],
  ])('the router answers %s with problem+json', async (_label, url, status) => {
    const answer = await fuzz.call('PATCH', url, admin.accessToken, { roles: [Role.User] });
    expect(answer.status).toBe(status);
    expect(answer.headers['content-type']).toBe(PROBLEM_JSON);
  });

  it.each(['constructor', 'prototype', 'toString', 'hasOwnProperty'])(
    'an unknown body field named %s is refused with 400, not dropped',
    async (key) => {
      const body = objectOf([
        [key, 1],
        ['email', uniqueEmail('dropped-key')],
        ['password', PASSWORD],
      ]);
      const answer = await fuzz.call('POST', '/auth/register', undefined, body);
      expect(answer.status).toBe(400);
    },
  );

  it.each([
    ['["<uuid>"]', (id: string): unknown => [id]],
    ['[["<uuid>"]]', (id: string): unknown => [[id]]],
  ])(
    'a token signed with the real key whose sub is %s (a user’s id in an array) is refused',
    async (_label, wrap) => {
      const now = Math.floor(Date.now() / 1000);
      const [head] = fuzzer.accessToken.split('.');
      const claims = {
        sub: wrap(fuzzer.id),
        sid: decode(fuzzer.accessToken).sid as string,
        iss: ISSUER,
        aud: AUDIENCE,
        iat: now,
        exp: now + 900,
      };
      const input = `${head}.${Buffer.from(JSON.stringify(claims)).toString('base64url')}`;
      const token = `${input}.${createHmac('sha256', TEST_SECRET).update(input).digest('base64url')}`;
      const answer = await fuzz.call('GET', '/auth/me', token);
      // Was 200 on PGlite, authenticated with `"id": ["<uuid>"]`, and 500 on PostgreSQL.
      expect(answer.status).toBe(401);
    },
  );

  it.each(['/auth/register', '/auth/login'])(
    '%s answers 400 to an email holding a lone surrogate',
    async (url) => {
      const answer = await fuzz.send({
        method: 'POST',
        url,
        headers: { 'content-type': 'application/json' },
        payload: '{"email":"a\\ud800@example.com","password":"a-long-enough-password"}',
        remoteAddress: fuzz.nextAddress(),
      });
      expect(answer.status).toBe(400); // was 500 "URI malformed"
    },
  );

  it('left the victim’s data and Object.prototype untouched', async () => {
    checkNoPollution();
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(await snapshotVictim()).toEqual(victimSnapshot);
  });
});
