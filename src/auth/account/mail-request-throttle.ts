import type { Redis } from 'ioredis';
import {
  RateLimiterAbstract,
  RateLimiterMemory,
  RateLimiterRedis,
  RateLimiterRes,
} from 'rate-limiter-flexible';
import { sharedStoreUnavailable } from '../../redis/redis-client.js';
import { TooManyAttemptsException } from '../exceptions/too-many-attempts.exception.js';

export interface MailRequestLimit {
  keyPrefix: string;
  /** Emails one key may ask for in the window: enough for a lost one, not a mail bomb. */
  points: number;
  windowSeconds: number;
  /** The detail of the 429. */
  refusal: string;
}

/**
 * Counts the requests that send an account email (a reset link, a verification link) per key, in
 * Redis when configured so that every instance counts together.
 */
export abstract class MailRequestThrottle {
  private readonly limiter: RateLimiterAbstract;

  protected constructor(
    redis: Redis | null,
    private readonly limit: MailRequestLimit,
  ) {
    const options = {
      keyPrefix: limit.keyPrefix,
      points: limit.points,
      duration: limit.windowSeconds,
    };
    this.limiter = redis
      ? new RateLimiterRedis({ ...options, storeClient: redis, rejectIfRedisNotReady: true })
      : new RateLimiterMemory(options);
  }

  /** Takes one request for this key, or throws 429 with Retry-After. */
  async take(key: string): Promise<void> {
    try {
      await this.limiter.consume(key);
    } catch (rejection) {
      if (rejection instanceof RateLimiterRes) {
        throw new TooManyAttemptsException(
          Math.max(1, Math.ceil(rejection.msBeforeNext / 1000)),
          this.limit.refusal,
        );
      }
      throw sharedStoreUnavailable(rejection);
    }
  }
}
