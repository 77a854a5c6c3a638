// environment.ts uses class-transformer decorators; in the app @nestjs/core loads reflect-metadata first.
import 'reflect-metadata';
import { validateEnvironment } from './environment.js';
import { NodeEnv } from './environment-values.js';

const secret32 = 'x'.repeat(32);
const SMTP_URL = 'smtp://127.0.0.1:2525';

function errorOf(raw: Record<string, unknown>): Error {
  let thrown: unknown;
  try {
    validateEnvironment(raw);
  } catch (error) {
    thrown = error;
  }
  expect(thrown).toBeInstanceOf(Error);
  return thrown as Error;
}

describe('validateEnvironment', () => {
  it('applies the defaults to an empty environment', () => {
    expect(validateEnvironment({})).toEqual({
      NODE_ENV: NodeEnv.Development,
      PORT: 3000,
      HOST: 'localhost',
      LOG_LEVEL: 'info',
      JWT_ISSUER: 'nest-auth-starter',
      JWT_AUDIENCE: 'nest-auth-starter',
      JWT_ACCESS_TTL: 900,
      JWT_CLOCK_TOLERANCE: 5,
      REFRESH_TOKEN_TTL: 14 * 86_400,
      REFRESH_REUSE_GRACE_SECONDS: 10,
      PASSWORD_RESET_TTL: 1800,
      EMAIL_VERIFICATION_TTL: 2 * 86_400,
      REQUIRE_VERIFIED_EMAIL: false,
      SESSION_RETENTION: 7 * 86_400,
      CLEANUP_INTERVAL: 600,
      AUTH_REALM: 'nest-auth-starter',
      LOGIN_MAX_FAILURES: 10,
      AUTH_RATE_LIMIT: 30,
      DATABASE_POOL_MAX: 10,
      DATABASE_STATEMENT_TIMEOUT_MS: 10_000,
      DATABASE_CONNECT_TIMEOUT_MS: 5_000,
      REDIS_KEY_PREFIX: 'nest-auth-starter:',
      PGLITE_DATA_DIR: '.data/pglite',
      PGLITE_CHECKPOINT_INTERVAL: 60,
      SEED_DEMO_DATA: true,
      MAIL_FROM: 'NestJS auth starter <no-reply@localhost>',
      APP_URL: 'http://localhost:3000',
      DOCS_ENABLED: true,
      METRICS_ENABLED: false,
    });
  });

  it.each([['http://mail.example.com'], ['mail.example.com:25']])('refuses SMTP_URL=%s', (url) => {
    expect(errorOf({ SMTP_URL: url }).message).toMatch(/SMTP_URL must be an smtp/);
  });

  it.each([['http://localhost:6379'], ['localhost:6379']])('refuses REDIS_URL=%s', (url) => {
    expect(errorOf({ REDIS_URL: url }).message).toMatch(/REDIS_URL must be a redis/);
  });

  it.each([['prefer'], ['true']])('refuses DATABASE_SSL=%s', (ssl) => {
    expect(errorOf({ DATABASE_SSL: ssl }).message).toMatch(/DATABASE_SSL/);
  });

  it('turns numeric strings into numbers', () => {
    const env = validateEnvironment({ PORT: '8080', JWT_ACCESS_TTL: '300' });
    expect(env.PORT).toBe(8080);
    expect(env.JWT_ACCESS_TTL).toBe(300);
  });

  it.each([['abc'], ['70000'], ['80.5']])('refuses PORT=%s', (port) => {
    expect(errorOf({ PORT: port }).message).toMatch(/PORT/);
  });

  it('refuses an access-token lifetime outside its bounds', () => {
    expect(errorOf({ JWT_ACCESS_TTL: '10' }).message).toMatch(/JWT_ACCESS_TTL/);
  });

  it('refuses a session retention shorter than an access token lives, naming both', () => {
    const message = errorOf({ JWT_ACCESS_TTL: '900', SESSION_RETENTION: '899' }).message;
    expect(message).toContain(
      'SESSION_RETENTION (899 s) must be at least JWT_ACCESS_TTL (900 s): revoked sessions must outlive their access tokens in the database',
    );
    const env = validateEnvironment({ JWT_ACCESS_TTL: '60', SESSION_RETENTION: '60' });
    expect(env.SESSION_RETENTION).toBe(60);
  });

  it('turns the cleanup and the checkpoint off with 0, and refuses what setInterval cannot wait', () => {
    const env = validateEnvironment({ CLEANUP_INTERVAL: '0', PGLITE_CHECKPOINT_INTERVAL: '0' });
    expect([env.CLEANUP_INTERVAL, env.PGLITE_CHECKPOINT_INTERVAL]).toEqual([0, 0]);
    const message = errorOf({
      CLEANUP_INTERVAL: '-1',
      PGLITE_CHECKPOINT_INTERVAL: '2147484',
    }).message;
    expect(message).toMatch(/CLEANUP_INTERVAL must not be less than 0/);
    expect(message).toMatch(/PGLITE_CHECKPOINT_INTERVAL must not be greater than 2147483/);
  });

  it('refuses an unknown NODE_ENV, LOG_LEVEL and LOG_FORMAT', () => {
    const message = errorOf({ NODE_ENV: 'staging', LOG_LEVEL: 'verbose', LOG_FORMAT: 'x' }).message;
    for (const name of ['NODE_ENV', 'LOG_LEVEL', 'LOG_FORMAT']) expect(message).toContain(name);
  });

  it('requires JWT_SECRET and SMTP_URL in production, and refuses pretty logs there', () => {
    const error = errorOf({ NODE_ENV: 'production', LOG_FORMAT: 'pretty' });
    expect(error.message).toContain('JWT_SECRET is required in production');
    expect(error.message).toContain('SMTP_URL is required in production');
    expect(error.message).toContain('LOG_FORMAT=pretty is for development');
  });

  it('accepts production with a 32-byte secret and an SMTP_URL', () => {
    const env = validateEnvironment({ NODE_ENV: 'production', JWT_SECRET: secret32, SMTP_URL });
    expect(env.NODE_ENV).toBe(NodeEnv.Production);
    expect(env.JWT_SECRET).toBe(secret32);
  });

  it('lets development run without a secret', () => {
    expect(validateEnvironment({ NODE_ENV: 'development' }).JWT_SECRET).toBeUndefined();
  });

  it.each([['development'], ['test'], ['production']])(
    'refuses a secret shorter than 32 bytes when NODE_ENV=%s',
    (nodeEnv) => {
      const error = errorOf({ NODE_ENV: nodeEnv, JWT_SECRET: 'x'.repeat(31) });
      expect(error.message).toContain('JWT_SECRET must be at least 32 bytes long');
    },
  );

  it('counts the secret in UTF-8 bytes, not characters', () => {
    expect(Buffer.byteLength('€'.repeat(11), 'utf8')).toBe(33);
    expect(validateEnvironment({ JWT_SECRET: '€'.repeat(11) }).JWT_SECRET).toBe('€'.repeat(11));
    expect(errorOf({ JWT_SECRET: '€'.repeat(10) }).message).toContain('JWT_SECRET');
  });

  it.each([['postgres://app:pw@db:5432/app'], ['postgresql://localhost/app']])(
    'accepts DATABASE_URL=%s',
    (url) => {
      expect(validateEnvironment({ DATABASE_URL: url }).DATABASE_URL).toBe(url);
    },
  );

  it.each([['mysql://localhost/app'], ['localhost:5432'], ['http://postgres://x']])(
    'refuses DATABASE_URL=%s',
    (url) => {
      expect(errorOf({ DATABASE_URL: url }).message).toContain(
        'DATABASE_URL must be a postgres:// or postgresql:// URL',
      );
    },
  );

  it.each([
    ['false', false],
    ['0', false],
    ['no', false],
    ['true', true],
    ['TRUE', true],
    ['1', true],
    ['yes', true],
  ])('reads SEED_DEMO_DATA=%s as %s', (value, expected) => {
    expect(validateEnvironment({ SEED_DEMO_DATA: value }).SEED_DEMO_DATA).toBe(expected);
  });

  it('refuses a SEED_DEMO_DATA it cannot read, rather than guessing', () => {
    expect(() => validateEnvironment({ SEED_DEMO_DATA: 'ture' })).toThrow(/SEED_DEMO_DATA/);
  });

  it('treats empty values (NAME= in a .env file) as not set', () => {
    const env = validateEnvironment({ PORT: '', DATABASE_URL: '', JWT_SECRET: '' });
    expect(env.PORT).toBe(3000);
    expect(env.DATABASE_URL).toBeUndefined();
    expect(env.JWT_SECRET).toBeUndefined();
  });

  it('wants FIRST_ADMIN_EMAIL and FIRST_ADMIN_PASSWORD together', () => {
    expect(() => validateEnvironment({ FIRST_ADMIN_EMAIL: 'a@example.com' })).toThrow(
      /FIRST_ADMIN_EMAIL and FIRST_ADMIN_PASSWORD must be set together/,
    );
    expect(
      validateEnvironment({ FIRST_ADMIN_EMAIL: 'a@example.com', FIRST_ADMIN_PASSWORD: '12345678' })
        .FIRST_ADMIN_EMAIL,
    ).toBe('a@example.com');
  });

  it('wants JWT_PREVIOUS_SECRET as long as JWT_SECRET', () => {
    expect(errorOf({ JWT_PREVIOUS_SECRET: 'short' }).message).toMatch(
      /JWT_PREVIOUS_SECRET must be at least 32 bytes/,
    );
  });

  it('reports every problem at once', () => {
    const message = errorOf({ NODE_ENV: 'production', PORT: 'abc', DATABASE_URL: 'x' }).message;
    expect(message).toMatch(/^Invalid environment:/);
    expect(message).toMatch(/PORT/);
    expect(message).toContain('JWT_SECRET is required in production');
    expect(message).toContain('DATABASE_URL must be');
  });
});
