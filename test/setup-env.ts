// Runs before each e2e file's imports: a database of the file's own and a known signing secret.
import { selectTestDatabase } from './support/test-database.js';

process.env.NODE_ENV ??= 'test';
process.env.PGLITE_DATA_DIR = 'memory://';
process.env.LOG_LEVEL = 'silent';
process.env.JWT_SECRET = 'e2e-signing-secret-of-at-least-32-bytes!';
selectTestDatabase();
