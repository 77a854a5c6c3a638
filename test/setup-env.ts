// Runs before each e2e file's imports: an in-memory embedded database and a known signing secret.
process.env.NODE_ENV ??= 'test';
process.env.PGLITE_DATA_DIR = 'memory://';
process.env.LOG_LEVEL = 'silent';
process.env.JWT_SECRET = 'e2e-signing-secret-of-at-least-32-bytes!';
process.env.DATABASE_URL = ''; // empty beats a .env file's value: never the developer's database
