import { Inject, Injectable } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import type { Redis } from 'ioredis';
import {
  RateLimiterAbstract,
  RateLimiterMemory,
  RateLimiterRedis,
  RateLimiterRes,
} from 'rate-limiter-flexible';
import type { Environment } from '../../config/environment.js';
import { sharedStoreUnavailable } from '../../redis/redis-client.js';
import { REDIS } from '../../redis/redis.constants.js';
import { TooManyAttemptsException } from '../exceptions/too-many-attempts.exception.js';

const WINDOW_SECONDS = 60;

/**
 * Counts failed sign-ins per client address and per account (OWASP brute-force guidance).
 * Every attempt takes a point up front, so concurrent guesses cannot slip past the limit; a
 * successful attempt gives its point back. Counted in Redis when configured, so attempts spread
 * over several instances count as one; otherwise per process.
 */
@Injectable()
export class LoginThrottle {
  private readonly limiter: RateLimiterAbstract;

  constructor(config: ConfigService<Environment, true>, @Inject(REDIS) redis: Redis | null) {
    const options = {
      keyPrefix: 'login-failures',
      points: config.get('LOGIN_MAX_FAILURES', { infer: true }),
      duration: WINDOW_SECONDS,
    };
    this.limiter = redis
      ? new RateLimiterRedis({ ...options, storeClient: redis, rejectIfRedisNotReady: true })
      : new RateLimiterMemory(options);
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
        throw sharedStoreUnavailable(rejection);
      }
    }
  }

  async giveBack(keys: string[]): Promise<void> {
    try {
      await Promise.all(keys.map((key) => this.limiter.reward(key, 1)));
    } catch (error) {
      throw sharedStoreUnavailable(error);
    }
  }
}
