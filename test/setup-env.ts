// Runs before each e2e file's imports: stores of the file's own and a known signing secret.
import { selectTestDatabase } from './support/test-database.js';

process.env.NODE_ENV ??= 'test';
process.env.PGLITE_DATA_DIR = 'memory://';
process.env.LOG_LEVEL = 'silent';
process.env.JWT_SECRET = 'e2e-signing-secret-of-at-least-32-bytes!';
selectTestDatabase();

// With E2E_REDIS_URL, the shared-state stores run on Redis, under key prefix of the file's own.
process.env.REDIS_URL = process.env.E2E_REDIS_URL ?? '';
process.env.REDIS_KEY_PREFIX = `test-e2e:${process.pid}:${Date.now()}:`;
