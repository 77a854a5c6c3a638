/** The shared Redis client, or null when REDIS_URL is unset (single-instance mode). */
export const REDIS = Symbol('REDIS');
