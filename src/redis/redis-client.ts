import { Logger, ServiceUnavailableException } from '@nestjs/common';
import { Redis } from 'ioredis';
import { redactUrl } from '../config/redact-url.js';

const logger = new Logger('Redis');

/**
 * A client that fails fast while Redis is away (no offline queue, short timeouts), so callers can
 * fail closed with a 503, and that reconnects by itself when Redis returns.
 */
export async function connectRedis(url: string, keyPrefix: string): Promise<Redis> {
  const redis = new Redis(url, {
    keyPrefix,
    lazyConnect: true,
    enableOfflineQueue: false,
    maxRetriesPerRequest: 1,
    connectTimeout: 2_000,
    commandTimeout: 2_000,
    enableAutoPipelining: true,
    retryStrategy: (attempt) => Math.min(attempt * 100, 2_000),
  });
  let healthy = true;
  redis.on('error', (error: Error) => {
    if (healthy) logger.error(`Redis unavailable: ${error.message}`);
    healthy = false;
  });
  redis.on('ready', () => {
    if (!healthy) logger.log('Redis available again');
    healthy = true;
  });
  try {
    await redis.connect();
  } catch (error) {
    redis.disconnect();
    throw new Error(`Cannot connect to Redis at ${redactUrl(url)}: ${(error as Error).message}`, {
      cause: error,
    });
  }
  return redis;
}

/** What a shared-store failure becomes: the request fails closed, and the client may retry. */
export function sharedStoreUnavailable(error: unknown): ServiceUnavailableException {
  logger.warn(`Shared store call failed: ${(error as Error).message}`);
  return storeUnavailable();
}

/** The 503 itself, also the OpenAPI document's example of it. */
export function storeUnavailable(): ServiceUnavailableException {
  return new ServiceUnavailableException(
    'A shared store the service depends on is unavailable. Try again shortly.',
  );
}
