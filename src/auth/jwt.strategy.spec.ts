import jwt from 'jsonwebtoken';
import { createSecretKey } from 'node:crypto';
import type { UserAccessChanges } from '../users/user-access-changes.js';
import type { AccessTokenService } from './sessions/access-token.service.js';
import { JwtStrategy } from './jwt.strategy.js';
import type { RevokedSessions } from './sessions/revoked-sessions.js';

const key = createSecretKey(Buffer.from('a-signing-key-of-at-least-32-bytes!!'));
const tokens = {
  keyFor: () => key,
  issuer: 'starter',
  audience: 'starter-api',
  clockToleranceSeconds: 0,
} as unknown as AccessTokenService;
const strategy = new JwtStrategy(tokens, {} as UserAccessChanges, {} as RevokedSessions);

type Attempt = JwtStrategy & {
  fail(challenge: unknown): void;
  success(user: unknown): void;
  error(error: unknown): void;
};

/** What passport does per request: a fresh object over the strategy, with its verdict callbacks. */
function refusalOf(authorization?: string): Promise<Error> {
  const attempt = Object.create(strategy) as Attempt;
  return new Promise((resolve, reject) => {
    attempt.fail = (challenge) => resolve(challenge as Error);
    attempt.success = () => reject(new Error('the token was accepted'));
    attempt.error = reject;
    attempt.authenticate({ headers: authorization ? { authorization } : {} } as never);
  });
}

const sign = (options: jwt.SignOptions, secret = key) =>
  jwt.sign({ sid: 's' }, secret, {
    algorithm: 'HS256',
    issuer: 'starter',
    audience: 'starter-api',
    subject: 'u',
    ...options,
  });

describe('JwtStrategy', () => {
  it.each([
    ['no token', undefined, 'Error: No auth token'],
    [
      'a forged signature',
      `Bearer ${sign({}, createSecretKey(Buffer.from('another-key-of-at-least-32-bytes!!!!')))}`,
      'JsonWebTokenError: invalid signature',
    ],
    ['an expired token', `Bearer ${sign({ expiresIn: -60 })}`, 'TokenExpiredError: jwt expired'],
    ['a malformed token', 'Bearer not.a.jwt', 'JsonWebTokenError: invalid token'],
  ])('refuses %s without capturing a stack trace', async (_case, authorization, stack) => {
    const limit = Error.stackTraceLimit;
    expect((await refusalOf(authorization)).stack).toBe(stack);
    expect(Error.stackTraceLimit).toBe(limit);
    expect(new Error('elsewhere').stack).toMatch(/\n\s+at /);
  });
});
