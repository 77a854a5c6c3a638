import jwt from 'jsonwebtoken';
import { createSecretKey, randomUUID } from 'node:crypto';
import type { UserAccessChanges } from '../users/user-access-changes.js';
import type { AccessTokenService } from './sessions/access-token.service.js';
import { AccessTokenVerifier } from './sessions/access-token.verifier.js';
import { JwtStrategy } from './jwt.strategy.js';
import type { RevokedSessions } from './sessions/revoked-sessions.js';

const key = createSecretKey(Buffer.from('a-signing-key-of-at-least-32-bytes!!'));
const tokens = {
  keyForHeader: () => undefined,
  keyById: (kid?: string) => (kid === undefined ? key : undefined),
  currentKey: key,
  issuer: 'starter',
  audience: 'starter-api',
  ttlSeconds: 900,
  clockToleranceSeconds: 0,
} as unknown as AccessTokenService;
const strategy = new JwtStrategy(
  new AccessTokenVerifier(tokens),
  { get: () => Promise.resolve(undefined) } as unknown as UserAccessChanges,
  { has: () => Promise.resolve(false) } as unknown as RevokedSessions,
);

type Attempt = JwtStrategy & {
  fail(challenge: unknown): void;
  success(user: unknown): void;
  error(error: unknown): void;
};

/** What passport does per request: a fresh object over the strategy, with its verdict callbacks. */
function verdictOf(authorization?: string): Promise<{ user?: unknown; refusal?: Error }> {
  const attempt = Object.create(strategy) as Attempt;
  return new Promise((resolve, reject) => {
    attempt.fail = () => reject(new Error('a refusal without a verdict'));
    attempt.success = (user) => resolve({ user });
    attempt.error = (refusal) => resolve({ refusal: refusal as Error });
    attempt.authenticate({ headers: authorization ? { authorization } : {} } as never);
  });
}

const sign = (options: jwt.SignOptions, secret = key) =>
  jwt.sign(
    { sid: randomUUID(), email: 'ada@example.com', roles: ['user'], email_verified: true },
    secret,
    {
      algorithm: 'HS256',
      issuer: 'starter',
      audience: 'starter-api',
      subject: randomUUID(),
      expiresIn: 900,
      ...options,
    },
  );

describe('JwtStrategy', () => {
  it('accepts a token the service would sign', async () => {
    const token = sign({});
    const claims = jwt.decode(token) as jwt.JwtPayload;
    expect(await verdictOf(`Bearer ${token}`)).toEqual({
      user: {
        id: claims.sub,
        email: 'ada@example.com',
        roles: ['user'],
        emailVerified: true,
        sessionId: claims.sid,
      },
    });
  });

  it.each([
    [
      'no token',
      undefined,
      'CredentialsRequiredException: Authentication is required: send an access token as "Authorization: Bearer <token>".',
    ],
    [
      'a forged signature',
      `Bearer ${sign({}, createSecretKey(Buffer.from('another-key-of-at-least-32-bytes!!!!')))}`,
      'InvalidTokenException: The access token signature is invalid.',
    ],
    [
      'an expired token',
      `Bearer ${sign({ expiresIn: -60 })}`,
      'InvalidTokenException: The access token expired.',
    ],
    [
      'a malformed token',
      'Bearer not.a.jwt',
      'InvalidTokenException: The access token is malformed.',
    ],
    [
      'a malformed header',
      'Bearer a b',
      'InvalidTokenException: The Authorization header is malformed: send the Bearer scheme, one or more spaces and the token.',
    ],
  ])('refuses %s without capturing a stack trace', async (_case, authorization, stack) => {
    const limit = Error.stackTraceLimit;
    expect((await verdictOf(authorization)).refusal?.stack).toBe(stack);
    expect(Error.stackTraceLimit).toBe(limit);
    expect(new Error('elsewhere').stack).toMatch(/\n\s+at /);
  });
});
