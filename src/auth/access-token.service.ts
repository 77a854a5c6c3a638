import { Injectable, Logger } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import jwt from 'jsonwebtoken';
import { createSecretKey, KeyObject, randomBytes, randomUUID } from 'node:crypto';
import type { Environment } from '../config/environment.js';

export const ACCESS_TOKEN_ALGORITHM = 'HS256';

/** The claims of our access tokens. Roles are deliberately absent: they are read fresh per request. */
export interface AccessTokenClaims {
  sub: string;
  sid: string;
  jti: string;
  iat: number;
  exp: number;
  iss: string;
  aud: string;
}

/** Signs access tokens, and holds the key, issuer and audience the JWT strategy verifies against. */
@Injectable()
export class AccessTokenService {
  private readonly logger = new Logger(AccessTokenService.name);
  /** A KeyObject, built once: given a string, jsonwebtoken re-derives the key on every verify. */
  readonly key: KeyObject;
  readonly issuer: string;
  readonly audience: string;
  readonly ttlSeconds: number;

  constructor(config: ConfigService<Environment, true>) {
    const secret = config.get('JWT_SECRET', { infer: true });
    if (secret === undefined) {
      this.logger.warn(
        'JWT_SECRET is not set: using a random key for this process, so access tokens end at restart.',
      );
    }
    this.key = createSecretKey(
      secret === undefined ? randomBytes(32) : Buffer.from(secret, 'utf8'),
    );
    this.issuer = config.get('JWT_ISSUER', { infer: true });
    this.audience = config.get('JWT_AUDIENCE', { infer: true });
    this.ttlSeconds = config.get('JWT_ACCESS_TTL', { infer: true });
  }

  sign(userId: string, sessionId: string): string {
    return jwt.sign({ sid: sessionId }, this.key, {
      algorithm: ACCESS_TOKEN_ALGORITHM,
      expiresIn: this.ttlSeconds,
      issuer: this.issuer,
      audience: this.audience,
      subject: userId,
      jwtid: randomUUID(),
    });
  }
}
