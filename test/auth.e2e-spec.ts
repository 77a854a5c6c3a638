import { ConfigService } from '@nestjs/config';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { and, eq, isNotNull } from 'drizzle-orm';
import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { Role } from '../src/auth/role.enum.js';
import { refreshTokens } from '../src/auth/sessions/sessions.schema.js';
import type { Environment } from '../src/config/environment.js';
import type { Database } from '../src/database/database-connection.js';
import { DRIZZLE } from '../src/database/database.constants.js';
import { RetentionService } from '../src/retention/retention.service.js';
import { createTestApp } from './support/test-app.js';
import {
  CHALLENGE,
  invalidTokenChallenge,
  JSON_TYPE,
  problem,
  PROBLEM_JSON,
  unauthenticated,
} from './support/problems.js';
import { decode, signAccessToken, TOKEN_PAIR, unsignedToken } from './support/tokens.js';
import {
  bearer,
  PASSWORD,
  signIn,
  signInThenDelete,
  type SignedInUser,
  uniqueEmail,
} from './support/users.js';

const REVOKED = 'The access token has been revoked.';

describe('Authentication (e2e)', () => {
  let app: NestFastifyApplication;
  const http = () => request(app.getHttpServer());
  const register = (body: object) => http().post('/auth/register').send(body);
  const login = (email: string, password: string) =>
    http().post('/auth/login').send({ email, password });
  const refresh = (refreshToken: string) => http().post('/auth/refresh').send({ refreshToken });
  const me = (token: string) => http().get('/auth/me').set(bearer(token));
  const logout = (token: string, refreshToken?: string) => {
    const pending = http().post('/auth/logout').set(bearer(token));
    return refreshToken === undefined ? pending : pending.send({ refreshToken });
  };

  beforeAll(async () => {
    // Strict rotation: a spent refresh token is reuse at once (the grace period has its own spec).
    app = await createTestApp({ env: { REFRESH_REUSE_GRACE_SECONDS: '0' } });
  });

  afterAll(async () => {
    await app.close();
  });

  describe('POST /auth/register', () => {
    it('creates a user with the role "user" and never returns a hash', async () => {
      const email = uniqueEmail('register');
      const response = await register({
        email: `  ${email.toUpperCase()} `,
        password: 'eight ch',
      }).expect(201);
      expect(response.headers['content-type']).toBe(JSON_TYPE);
      expect(response.body).toEqual({ id: expect.any(String), email, roles: ['user'] });
    });

    it('answers 409 for an email already taken, whatever its case', async () => {
      const email = uniqueEmail();
      await register({ email, password: PASSWORD }).expect(201);
      const sameEmailInCaps = { email: email.toUpperCase(), password: PASSWORD };
      const response = await register(sameEmailInCaps).expect(409);
      expect(response.headers['content-type']).toBe(PROBLEM_JSON);
      expect(response.body).toEqual(
        problem(
          'conflict',
          409,
          'Conflict',
          'An account with this email already exists.',
          '/auth/register',
        ),
      );
    });

    it.each([
      ['an invalid email', { email: 'not-an-email', password: PASSWORD }, 'email'],
      ['a 7-character password', { email: uniqueEmail(), password: '1234567' }, 'password'],
      ['a 129-character password', { email: uniqueEmail(), password: 'x'.repeat(129) }, 'password'],
      ['a password that is not a string', { email: uniqueEmail(), password: 12345678 }, 'password'],
      [
        'a caller-chosen role',
        { email: uniqueEmail(), password: PASSWORD, roles: ['admin'] },
        'roles',
      ],
    ])('answers 400 for %s, naming the field', async (_case, body, field) => {
      const response = await register(body).expect(400);
      expect(response.headers['content-type']).toBe(PROBLEM_JSON);
      expect(response.body).toMatchObject(
        problem(
          'validation-failed',
          400,
          'Bad Request',
          'The request body or parameters are invalid.',
          '/auth/register',
        ),
      );
      expect(response.body.errors.map((e: { field: string }) => e.field)).toEqual([field]);
    });

    it('accepts a 128-character password', async () => {
      await register({ email: uniqueEmail(), password: 'x'.repeat(128) }).expect(201);
    });
  });

  describe('POST /auth/login', () => {
    it('returns a token pair whose access token is a pinned, short-lived HS256 JWT', async () => {
      const { body } = await register({ email: uniqueEmail(), password: PASSWORD }).expect(201);
      const response = await login(body.email, PASSWORD).expect(200);

      expect(response.body).toEqual(TOKEN_PAIR);
      const [header] = response.body.accessToken.split('.');
      expect(JSON.parse(Buffer.from(header, 'base64url').toString())).toEqual({
        alg: 'HS256',
        typ: 'JWT',
        kid: expect.stringMatching(/^[\w-]{16}$/), // names the key, for rotations
      });
      const claims = decode(response.body.accessToken);
      expect(claims).toEqual({
        sub: body.id,
        sid: expect.any(String),
        jti: expect.any(String),
        iat: expect.any(Number),
        exp: (claims.iat as number) + 900,
        iss: 'nest-auth-starter',
        aud: 'nest-auth-starter',
        // What the guard needs to judge the token without reading the database.
        email: body.email,
        roles: ['user'],
        email_verified: false,
      });
    });

    it('lets the seeded demo accounts in', async () => {
      const response = await login('admin@example.com', 'demo-password').expect(200);
      const current = await me(response.body.accessToken).expect(200);
      expect(current.body).toEqual({
        id: expect.any(String),
        email: 'admin@example.com',
        roles: ['user', 'admin'],
        emailVerified: true, // the demo accounts are verified; a registration is not
      });
    });

    it('gives an unknown email and a wrong password the same 401', async () => {
      const user = await signIn(app);
      const wrongPassword = await login(user.email, 'not-the-password').expect(401);
      const unknownEmail = await login(uniqueEmail('nobody'), 'not-the-password').expect(401);

      const expected = problem(
        'credentials-refused',
        401,
        'Unauthorized',
        'Invalid email or password.',
        '/auth/login',
      );
      for (const response of [wrongPassword, unknownEmail]) {
        expect(response.headers['content-type']).toBe(PROBLEM_JSON);
        expect(response.headers['www-authenticate']).toBe(CHALLENGE);
        expect(response.body).toEqual(expected);
      }
    });
  });

  describe('GET /auth/me', () => {
    it('returns the caller with their current roles', async () => {
      const user = await signIn(app);
      const response = await me(user.accessToken).expect(200);
      expect(response.body).toEqual({
        id: user.id,
        email: user.email,
        roles: ['user'],
        emailVerified: false,
      });
    });
  });

  describe('401 without credentials: a bare Bearer challenge (RFC 6750 §3.1)', () => {
    it.each([
      ['no Authorization header', {}],
      ['a Basic scheme', { authorization: 'Basic dXNlcjpwYXNz' }],
      ['a token without the Bearer prefix', { authorization: signAccessToken() }],
      ['an empty Bearer', { authorization: 'Bearer ' }],
    ])('%s', async (_case, headers: Record<string, string>) => {
      const response = await http().get('/auth/me').set(headers).expect(401);
      expect(response.headers['www-authenticate']).toBe(CHALLENGE);
      expect(response.headers['content-type']).toBe(PROBLEM_JSON);
      expect(response.body).toEqual(unauthenticated('/auth/me'));
    });
  });

  describe('401 with a bad token: error="invalid_token"', () => {
    let user: SignedInUser;
    let deleted: SignedInUser;

    beforeAll(async () => {
      user = await signIn(app);
      deleted = await signInThenDelete(app);
    });

    const cases: [string, () => string, string][] = [
      ['malformed', () => 'not.a.jwt', 'The access token is malformed.'],
      ['garbage', () => 'abc', 'The access token is malformed.'],
      [
        'signed with another secret',
        () => signAccessToken({ sub: user.id, secret: 'another-secret-that-is-32-bytes-long!!' }),
        'The access token signature is invalid.',
      ],
      [
        'alg "none"',
        () => unsignedToken({ ...decode(user.accessToken) }),
        'The access token signature is invalid.',
      ],
      [
        'HS512 instead of the pinned HS256',
        () => signAccessToken({ sub: user.id, algorithm: 'HS512' }),
        'The access token signature is invalid.',
      ],
      [
        'another issuer',
        () => signAccessToken({ sub: user.id, issuer: 'someone-else' }),
        'The access token was not issued for this service.',
      ],
      [
        'another audience',
        () => signAccessToken({ sub: user.id, audience: 'another-api' }),
        'The access token was not issued for this service.',
      ],
      [
        'expired, beyond the 5 s clock tolerance',
        () => signAccessToken({ sub: user.id, expiresIn: -10 }),
        'The access token expired.',
      ],
      [
        'not valid before a time beyond the clock tolerance',
        () => signAccessToken({ sub: user.id, notBefore: 60 }),
        'The access token is not valid yet.',
      ],
      [
        'naming a key this service does not hold',
        () => signAccessToken({ sub: user.id, keyid: 'no-such-key' }),
        'The access token names a signing key this service does not know.',
      ],
      [
        'a refresh token presented as an access token',
        () => user.refreshToken,
        'The access token is malformed.',
      ],
      [
        'of a user deleted since it was signed',
        () => deleted.accessToken,
        'The user of this access token no longer exists or is disabled.',
      ],
      [
        'without the roles claim',
        () => signAccessToken({ sub: user.id, extraClaims: { roles: undefined } }),
        'The access token is malformed.',
      ],
      [
        'with a role this service does not know',
        () => signAccessToken({ sub: user.id, roles: ['user', 'root'] }),
        'The access token is malformed.',
      ],
      [
        'without the email claim',
        () => signAccessToken({ sub: user.id, extraClaims: { email: undefined } }),
        'The access token is malformed.',
      ],
      [
        'without the email_verified claim (a token signed before it existed)',
        () => signAccessToken({ sub: user.id, extraClaims: { email_verified: undefined } }),
        'The access token is malformed.',
      ],
      [
        'with an email_verified claim that is not a boolean',
        () => signAccessToken({ sub: user.id, extraClaims: { email_verified: 'true' } }),
        'The access token is malformed.',
      ],
      [
        'with a subject that is not a user id',
        () => signAccessToken({ sub: 'admin' }),
        'The access token is malformed.',
      ],
    ];

    it.each(cases)('%s', async (_case, token, description) => {
      const response = await me(token()).expect(401);
      expect(response.headers['www-authenticate']).toBe(invalidTokenChallenge(description));
      expect(response.headers['content-type']).toBe(PROBLEM_JSON);
      const type = description === 'The access token expired.' ? 'token-expired' : 'token-invalid';
      expect(response.body).toEqual(problem(type, 401, 'Unauthorized', description, '/auth/me'));
    });

    it('accepts the same token correctly signed (the cases above fail for their one defect)', async () => {
      await me(signAccessToken({ sub: user.id })).expect(200);
    });

    it('tolerates a small clock difference: expired or not yet valid by 2 s still passes', async () => {
      await me(signAccessToken({ sub: user.id, expiresIn: -2 })).expect(200);
      await me(signAccessToken({ sub: user.id, notBefore: 2 })).expect(200);
    });
  });

  describe('authentication runs before authorization', () => {
    it.each([
      ['GET', '/admin/users'],
      ['PATCH', `/admin/users/${randomUUID()}/roles`],
      ['PATCH', `/admin/users/${randomUUID()}/status`],
    ])('an anonymous %s %s is 401, never 403', async (method, path) => {
      const response = await http()[method.toLowerCase() as 'get'](path).expect(401);
      expect(response.headers['www-authenticate']).toBe(CHALLENGE);
    });

    it('an expired token on an admin route is 401 invalid_token, never 403', async () => {
      const shopper = await signIn(app);
      const response = await http()
        .get('/admin/users')
        .set(bearer(signAccessToken({ sub: shopper.id, expiresIn: -60 })))
        .expect(401);
      expect(response.headers['www-authenticate']).toBe(
        invalidTokenChallenge('The access token expired.'),
      );
      expect(response.body.type).toBe('/problems/token-expired');
    });

    it('a signed-in shopper is 403 on an admin route', async () => {
      const shopper = await signIn(app, [Role.User]);
      await http().get('/admin/users').set(bearer(shopper.accessToken)).expect(403);
    });
  });

  describe('POST /auth/refresh', () => {
    it('rotates: a new pair for the same session, and the old refresh token is spent', async () => {
      const user = await signIn(app);
      const response = await refresh(user.refreshToken).expect(200);
      expect(response.body).toEqual(TOKEN_PAIR);
      expect(response.body.refreshToken).not.toBe(user.refreshToken);
      expect(decode(response.body.accessToken).sid).toBe(decode(user.accessToken).sid);
      await me(response.body.accessToken).expect(200);
    });

    it('on reuse of a spent token: 401, and the whole session family is revoked', async () => {
      const user = await signIn(app);
      const other = await login(user.email, PASSWORD).expect(200);
      const rotated = await refresh(user.refreshToken).expect(200);

      const reuse = await refresh(user.refreshToken).expect(401);
      expect(reuse.headers['www-authenticate']).toBe(CHALLENGE);
      expect(reuse.body).toEqual(
        problem(
          'credentials-refused',
          401,
          'Unauthorized',
          'The refresh token is invalid, expired or already used.',
          '/auth/refresh',
        ),
      );

      // The legitimate successor and every access token of that family are dead too...
      await refresh(rotated.body.refreshToken).expect(401);
      for (const token of [user.accessToken, rotated.body.accessToken]) {
        const response = await me(token).expect(401);
        expect(response.headers['www-authenticate']).toBe(invalidTokenChallenge(REVOKED));
      }
      // ...while the user's other session is untouched.
      await me(other.body.accessToken).expect(200);
      await refresh(other.body.refreshToken).expect(200);
    });

    it('with no grace period, of two parallel refreshes one wins and the other counts as reuse', async () => {
      const user = await signIn(app);
      const answers = await Promise.all([refresh(user.refreshToken), refresh(user.refreshToken)]);
      expect(answers.map((answer) => answer.status).sort((a, b) => a - b)).toEqual([200, 401]);
      const winner = answers.find((answer) => answer.status === 200)!;
      await refresh(winner.body.refreshToken).expect(401);
      await me(winner.body.accessToken).expect(401);
    });

    it('after a cleanup, still detects reuse within SESSION_RETENTION; a token spent before is gone', async () => {
      const db = app.get<Database>(DRIZZLE);
      const config = app.get<ConfigService<Environment, true>>(ConfigService);
      const retentionMs = config.get('SESSION_RETENTION', { infer: true }) * 1000;
      const recent = await signIn(app);
      const recentSuccessor = await refresh(recent.refreshToken).expect(200);
      const old = await signIn(app);
      const oldSuccessor = await refresh(old.refreshToken).expect(200);
      const oldSession = decode(old.accessToken).sid as string;
      await db
        .update(refreshTokens)
        .set({ usedAt: new Date(Date.now() - retentionMs - 60_000) })
        .where(and(eq(refreshTokens.sessionId, oldSession), isNotNull(refreshTokens.usedAt)));

      await app.get(RetentionService).prune();

      // Spent a moment ago: its reuse still revokes the session.
      await refresh(recent.refreshToken).expect(401);
      await refresh(recentSuccessor.body.refreshToken).expect(401);
      await me(recentSuccessor.body.accessToken).expect(401);
      // Spent longer ago than the retention: the row is gone, so the token is merely unknown.
      const left = await db
        .select({ usedAt: refreshTokens.usedAt })
        .from(refreshTokens)
        .where(eq(refreshTokens.sessionId, oldSession));
      expect(left).toEqual([{ usedAt: null }]);
      await refresh(old.refreshToken).expect(401);
      await me(oldSuccessor.body.accessToken).expect(200);
      await refresh(oldSuccessor.body.refreshToken).expect(200);
    });

    it('answers 401 for an unknown refresh token and 400 for a missing one', async () => {
      await refresh('never-issued').expect(401);
      const user = await signIn(app);
      await refresh(user.accessToken).expect(401); // an access token is no refresh token
      const missing = await http().post('/auth/refresh').send({}).expect(400);
      expect(missing.body.errors.map((e: { field: string }) => e.field)).toEqual(['refreshToken']);
    });
  });

  describe('POST /auth/logout', () => {
    it('revokes the session at once: its access and refresh tokens, and no other session', async () => {
      const user = await signIn(app);
      const other = await login(user.email, PASSWORD).expect(200);

      const response = await logout(user.accessToken, user.refreshToken).expect(204);
      expect(response.text).toBe('');

      const after = await me(user.accessToken).expect(401);
      expect(after.headers['www-authenticate']).toBe(invalidTokenChallenge(REVOKED));
      await refresh(user.refreshToken).expect(401);
      await me(other.body.accessToken).expect(200);
    });

    it('works without a body, and with a refresh token of another own session revokes that too', async () => {
      const user = await signIn(app);
      const second = await login(user.email, PASSWORD).expect(200);
      await logout(user.accessToken, second.body.refreshToken).expect(204);
      await me(second.body.accessToken).expect(401);

      const third = await login(user.email, PASSWORD).expect(200);
      await logout(third.body.accessToken).expect(204);
      await me(third.body.accessToken).expect(401);
    });

    it("does not revoke another user's session from a refresh token they present", async () => {
      const victim = await signIn(app);
      const attacker = await signIn(app);
      await logout(attacker.accessToken, victim.refreshToken).expect(204);
      await me(victim.accessToken).expect(200);
    });

    it('needs a token', async () => {
      const response = await http().post('/auth/logout').expect(401);
      expect(response.headers['www-authenticate']).toBe(CHALLENGE);
    });
  });
});
