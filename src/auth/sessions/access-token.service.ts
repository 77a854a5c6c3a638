import { Injectable, Logger } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import jwt from 'jsonwebtoken';
import { createHash, createSecretKey, KeyObject, randomBytes, randomUUID } from 'node:crypto';
import type { Environment } from '../../config/environment.js';
import type { Role } from '../role.enum.js';

export const ACCESS_TOKEN_ALGORITHM = 'HS256';

/** Who an access token is for: what the guard needs to judge it without the database. */
export interface TokenSubject {
  id: string;
  email: string;
  roles: readonly Role[];
  emailVerified: boolean;
}

/**
 * The claims of our access tokens. `email`, `roles` and `email_verified` (OIDC's name) are the
 * user's at signing time; a later change to them is applied by the guard from the recent access
 * changes (UserAccessChanges).
 */
export interface AccessTokenClaims {
  sub: string;
  sid: string;
  email: string;
  roles: Role[];
  email_verified: boolean;
  jti: string;
  iat: number;
  exp: number;
  iss: string;
  aud: string;
}

/** A key's id: short, stable for a secret, revealing nothing about it. */
const keyIdOf = (key: KeyObject) =>
  createHash('sha256').update(key.export()).digest('base64url').slice(0, 16);

/**
 * Signs access tokens (with the current key, named in the `kid` header), and holds what
 * AccessTokenVerifier checks them against: the current key and, during a rotation, the previous one.
 */
@Injectable()
export class AccessTokenService {
  private readonly logger = new Logger(AccessTokenService.name);
  /** KeyObjects, built once: given a string, jsonwebtoken re-derives the key on every verify. */
  private readonly keys = new Map<string, KeyObject>();
  /** The exact header segment of the tokens signed with each key: those need no parsing. */
  private readonly keysByHeader = new Map<string, KeyObject>();
  private readonly currentKeyId: string;
  readonly issuer: string;
  readonly audience: string;
  readonly ttlSeconds: number;
  readonly clockToleranceSeconds: number;

  constructor(config: ConfigService<Environment, true>) {
    const secret = config.get('JWT_SECRET', { infer: true });
    if (secret === undefined) {
      this.logger.warn(
        'JWT_SECRET is not set: using a random key for this process, so access tokens end at restart.',
      );
    }
    const current = createSecretKey(
      secret === undefined ? randomBytes(32) : Buffer.from(secret, 'utf8'),
    );
    this.currentKeyId = keyIdOf(current);
    this.keys.set(this.currentKeyId, current);
    const previous = config.get('JWT_PREVIOUS_SECRET', { infer: true });
    if (previous !== undefined) {
      const key = createSecretKey(Buffer.from(previous, 'utf8'));
      this.keys.set(keyIdOf(key), key);
    }
    for (const [kid, key] of this.keys) {
      const header = jwt.sign({}, key, { algorithm: ACCESS_TOKEN_ALGORITHM, keyid: kid });
      this.keysByHeader.set(header.slice(0, header.indexOf('.')), key);
    }
    this.issuer = config.get('JWT_ISSUER', { infer: true });
    this.audience = config.get('JWT_AUDIENCE', { infer: true });
    this.ttlSeconds = config.get('JWT_ACCESS_TTL', { infer: true });
    this.clockToleranceSeconds = config.get('JWT_CLOCK_TOLERANCE', { infer: true });
  }

  sign(user: TokenSubject, sessionId: string): string {
    const claims = {
      sid: sessionId,
      email: user.email,
      roles: user.roles,
      email_verified: user.emailVerified,
    };
    return jwt.sign(claims, this.currentKey, {
      algorithm: ACCESS_TOKEN_ALGORITHM,
      keyid: this.currentKeyId,
      expiresIn: this.ttlSeconds,
      issuer: this.issuer,
      audience: this.audience,
      subject: user.id,
      jwtid: randomUUID(),
    });
  }

  get currentKey(): KeyObject {
    return this.keys.get(this.currentKeyId) as KeyObject;
  }

  /** The key of a token whose header segment is exactly one this service signs: no parsing needed. */
  keyForHeader(segment: string): KeyObject | undefined {
    return this.keysByHeader.get(segment);
  }

  /** The key a `kid` header names; the current key when it names none; undefined if unknown. */
  keyById(kid: string | undefined): KeyObject | undefined {
    return kid === undefined ? this.currentKey : this.keys.get(kid);
  }
}
