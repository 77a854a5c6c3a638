import { Injectable } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { createHash, createHmac } from 'node:crypto';
import { derivedKeys } from '../../config/derived-keys.js';
import type { Environment } from '../../config/environment.js';

const KEY_INFO = 'nest-auth-starter refresh token successor v1';

/** Refresh tokens are random and high-entropy, so a fast hash is enough to store them safely. */
export const hashRefreshToken = (token: string) => createHash('sha256').update(token).digest('hex');

/**
 * The token a refresh token rotates into: HMAC-SHA256 of the spent token, with a key derived from
 * JWT_SECRET. Deterministic, so every instance that is handed the same spent token again within the
 * grace period can give the same successor back without storing it; unpredictable to anyone who
 * does not hold both the spent token and the secret.
 */
@Injectable()
export class RefreshTokenSuccessors {
  private readonly keys: Buffer[];

  constructor(config: ConfigService<Environment, true>) {
    this.keys = derivedKeys(config, KEY_INFO);
  }

  /** The successor this instance issues for `token`. */
  of(token: string): string {
    return this.derive(this.keys[0], token);
  }

  /** The successors `token` may have been given: one per key held (two during a key rotation). */
  candidates(token: string): string[] {
    return this.keys.map((key) => this.derive(key, token));
  }

  private derive(key: Buffer, token: string): string {
    return createHmac('sha256', key).update(token).digest('base64url');
  }
}
