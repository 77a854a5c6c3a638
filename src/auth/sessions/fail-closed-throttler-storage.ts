import { ThrottlerStorageRedisService } from '@nest-lab/throttler-storage-redis';
import type { ThrottlerStorage } from '@nestjs/throttler';
import { sharedStoreUnavailable } from '../../redis/redis-client.js';

/** @nestjs/throttler counters in Redis; while Redis is away the throttled routes answer 503. */
export class FailClosedThrottlerStorage extends ThrottlerStorageRedisService {
  override async increment(
    key: string,
    ttl: number,
    limit: number,
    blockDuration: number,
    throttlerName: string,
  ): ReturnType<ThrottlerStorage['increment']> {
    try {
      return await super.increment(key, ttl, limit, blockDuration, throttlerName);
    } catch (error) {
      throw sharedStoreUnavailable(error);
    }
  }
}
