import jwt from 'jsonwebtoken';
import { createHmac, randomUUID } from 'node:crypto';

export const TEST_SECRET = process.env.JWT_SECRET as string;
export const ISSUER = 'nest-auth-starter';
export const AUDIENCE = 'nest-auth-starter';

interface TokenOptions {
  sub?: string;
  sid?: string;
  email?: string;
  roles?: string[];
  emailVerified?: boolean;
  secret?: string;
  issuer?: string;
  audience?: string;
  expiresIn?: number;
  notBefore?: number;
  algorithm?: jwt.Algorithm;
  keyid?: string;
  extraClaims?: Record<string, unknown>;
}

/** Signs an access token the way the service does, with any claim or the key swapped out. */
export function signAccessToken(options: TokenOptions = {}): string {
  const claims = {
    sid: options.sid ?? randomUUID(),
    email: options.email ?? 'someone@example.test',
    roles: options.roles ?? ['user'],
    email_verified: options.emailVerified ?? false,
  };
  return jwt.sign({ ...claims, ...options.extraClaims }, options.secret ?? TEST_SECRET, {
    algorithm: options.algorithm ?? 'HS256',
    subject: options.sub ?? randomUUID(),
    issuer: options.issuer ?? ISSUER,
    audience: options.audience ?? AUDIENCE,
    expiresIn: options.expiresIn ?? 900,
    ...(options.notBefore === undefined ? {} : { notBefore: options.notBefore }),
    ...(options.keyid === undefined ? {} : { keyid: options.keyid }),
    jwtid: randomUUID(),
  });
}

/** A token whose header says `alg: none` and that carries no signature. */
export function unsignedToken(claims: Record<string, unknown>): string {
  const encode = (part: object) => Buffer.from(JSON.stringify(part)).toString('base64url');
  return `${encode({ alg: 'none', typ: 'JWT' })}.${encode(claims)}.`;
}

/** The header of an HS256 token as the service signs it, less the `kid` (the current key then). */
export const HS256_HEADER = '{"alg":"HS256","typ":"JWT"}';

/** A token's claims as the service signs them, for a user who need not exist, with `overrides`. */
export function accessClaims(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  const iat = Math.floor(Date.now() / 1000);
  return {
    sid: randomUUID(),
    email: 'someone@example.test',
    roles: ['user'],
    email_verified: false,
    iat,
    exp: iat + 900,
    aud: AUDIENCE,
    iss: ISSUER,
    sub: randomUUID(),
    jti: randomUUID(),
    ...overrides,
  };
}

/**
 * A compact JWS of exactly this header and payload text (or bytes), HMAC-SHA256-signed with the
 * test key (or `secret`): a token jsonwebtoken would not sign, such as a payload of `null`.
 */
export function signJws(header: string, payload: string | Buffer, secret = TEST_SECRET): string {
  const input = `${Buffer.from(header).toString('base64url')}.${Buffer.from(payload).toString('base64url')}`;
  return `${input}.${createHmac('sha256', secret).update(input).digest('base64url')}`;
}

export function decode(token: string): jwt.JwtPayload {
  return jwt.decode(token) as jwt.JwtPayload;
}

/** The body of a successful login or refresh. */
export const TOKEN_PAIR = {
  accessToken: expect.any(String),
  refreshToken: expect.any(String),
  tokenType: 'Bearer',
  expiresIn: 900,
};
