import { Inject, Injectable } from '@nestjs/common';
import { HealthIndicatorService } from '@nestjs/terminus';
import type { Redis } from 'ioredis';
import { REDIS } from '../redis/redis.constants.js';

@Injectable()
export class RedisHealthIndicator {
  constructor(
    @Inject(REDIS) private readonly redis: Redis | null,
    private readonly health: HealthIndicatorService,
  ) {}

  /** Whether the shared store is configured at all; without it there is nothing to check. */
  get configured(): boolean {
    return this.redis !== null;
  }

  async isHealthy(key = 'redis') {
    const indicator = this.health.check(key);
    try {
      await this.redis?.ping();
      return indicator.up();
    } catch {
      return indicator.down();
    }
  }
}
