import { Injectable } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { RateLimiterMemory, RateLimiterRes } from 'rate-limiter-flexible';
import type { Environment } from '../config/environment.js';
import { TooManyAttemptsException } from './too-many-attempts.exception.js';

const WINDOW_SECONDS = 60;

/**
 * Counts failed sign-ins per client address and per account (OWASP brute-force guidance).
 * Every attempt takes a point up front, so concurrent guesses cannot slip past the limit; a
 * successful attempt gives its point back. Per process until a shared store is configured.
 */
@Injectable()
export class LoginThrottle {
  private readonly limiter: RateLimiterMemory;

  constructor(config: ConfigService<Environment, true>) {
    this.limiter = new RateLimiterMemory({
      keyPrefix: 'login-failures',
      points: config.get('LOGIN_MAX_FAILURES', { infer: true }),
      duration: WINDOW_SECONDS,
    });
  }

  keys(address: string, email: string): string[] {
    return [`address:${address}`, `account:${email}`];
  }

  /** Takes one attempt from every key, or throws 429 with Retry-After if any key is spent. */
  async take(keys: string[]): Promise<void> {
    const taken: string[] = [];
    for (const key of keys) {
      try {
        await this.limiter.consume(key);
        taken.push(key);
      } catch (rejection) {
        await this.giveBack(taken);
        if (rejection instanceof RateLimiterRes) {
          throw new TooManyAttemptsException(Math.max(1, Math.ceil(rejection.msBeforeNext / 1000)));
        }
        throw rejection;
      }
    }
  }

  async giveBack(keys: string[]): Promise<void> {
    await Promise.all(keys.map((key) => this.limiter.reward(key, 1)));
  }
}
