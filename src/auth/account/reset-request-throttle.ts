import { Inject, Injectable } from '@nestjs/common';
import type { Redis } from 'ioredis';
import {
  RateLimiterAbstract,
  RateLimiterMemory,
  RateLimiterRedis,
  RateLimiterRes,
} from 'rate-limiter-flexible';
import { sharedStoreUnavailable } from '../../redis/redis-client.js';
import { REDIS } from '../../redis/redis.constants.js';
import { TooManyAttemptsException } from '../exceptions/too-many-attempts.exception.js';

/** Reset emails one address may be sent in the window: enough for a lost one, not a mail bomb. */
export const RESET_REQUESTS_PER_EMAIL = 3;
export const RESET_REQUEST_WINDOW_SECONDS = 15 * 60;

/**
 * Counts password-reset requests per email address, whether or not an account has it (so the
 * answer tells nothing), in Redis when configured so that every instance counts together.
 */
@Injectable()
export class ResetRequestThrottle {
  private readonly limiter: RateLimiterAbstract;

  constructor(@Inject(REDIS) redis: Redis | null) {
    const options = {
      keyPrefix: 'password-reset-requests',
      points: RESET_REQUESTS_PER_EMAIL,
      duration: RESET_REQUEST_WINDOW_SECONDS,
    };
    this.limiter = redis
      ? new RateLimiterRedis({ ...options, storeClient: redis, rejectIfRedisNotReady: true })
      : new RateLimiterMemory(options);
  }

  /** Takes one request for this (normalised) email, or throws 429 with Retry-After. */
  async take(email: string): Promise<void> {
    try {
      await this.limiter.consume(email);
    } catch (rejection) {
      if (rejection instanceof RateLimiterRes) {
        throw new TooManyAttemptsException(
          Math.max(1, Math.ceil(rejection.msBeforeNext / 1000)),
          'Too many password reset requests for this email. Try again later.',
        );
      }
      throw sharedStoreUnavailable(rejection);
    }
  }
}
