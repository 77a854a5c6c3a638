import jwt from 'jsonwebtoken';
import { randomUUID } from 'node:crypto';

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
