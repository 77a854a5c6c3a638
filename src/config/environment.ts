import { plainToInstance, Transform, Type } from 'class-transformer';
import { parseAllowedNetworks } from '../auth/admin-network.js';
import {
  IsBoolean,
  IsEmail,
  IsEnum,
  IsIn,
  IsInt,
  IsNotEmpty,
  IsOptional,
  IsString,
  Max,
  MaxLength,
  Min,
  MinLength,
  validateSync,
} from 'class-validator';

export enum NodeEnv {
  Development = 'development',
  Production = 'production',
  Test = 'test',
}

const MIN_SECRET_BYTES = 32;
/** The longest delay setInterval takes (2^31 - 1 ms); a longer one would fire at once. */
const MAX_INTERVAL_SECONDS = 2_147_483;
const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
const BOOLEAN_WORDS: Record<string, boolean> = {
  true: true,
  '1': true,
  yes: true,
  false: false,
  '0': false,
  no: false,
};
/** Any other word stays a string, so a typo fails validation instead of reading as false. */
const toBoolean = ({ value }: { value: unknown }) =>
  typeof value === 'string' ? (BOOLEAN_WORDS[value.toLowerCase()] ?? value) : value;

/** Every setting the service reads, validated once at start. docs/configuration.md describes each. */
export class Environment {
  @IsEnum(NodeEnv)
  NODE_ENV: NodeEnv = NodeEnv.Development;

  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(65535)
  PORT = 3000;

  @IsString()
  @IsNotEmpty()
  HOST = 'localhost';

  @IsIn(LOG_LEVELS)
  LOG_LEVEL: (typeof LOG_LEVELS)[number] = 'info';

  /**
   * Whether X-Forwarded-For is believed for the client address (rate limits, logs): `true` (any
   * proxy), a hop count, or a comma-separated list of proxy addresses or CIDRs. Unset: never,
   * so a forged header changes nothing.
   */
  @IsOptional()
  @IsString()
  TRUST_PROXY?: string;

  /** Networks (IPv4/IPv6 CIDRs or addresses, comma-separated) admin routes accept. Unset: any. */
  @IsOptional()
  @IsString()
  ADMIN_ALLOWED_CIDRS?: string;

  /** Origins allowed to call the API from a browser, comma-separated. Unset: no CORS headers. */
  @IsOptional()
  @IsString()
  CORS_ORIGINS?: string;

  @IsOptional()
  @IsString()
  JWT_SECRET?: string;

  /**
   * During a key rotation, the secret signed with until now: tokens it signed stay valid until they
   * expire, while new ones are signed with JWT_SECRET. Remove it one access-token lifetime later.
   */
  @IsOptional()
  @IsString()
  JWT_PREVIOUS_SECRET?: string;

  /** Seconds of clock difference allowed when checking `exp` and `nbf`. */
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(60)
  JWT_CLOCK_TOLERANCE = 5;

  @IsString()
  @IsNotEmpty()
  JWT_ISSUER = 'nest-auth-starter';

  @IsString()
  @IsNotEmpty()
  JWT_AUDIENCE = 'nest-auth-starter';

  /** Access-token lifetime in seconds. */
  @Type(() => Number)
  @IsInt()
  @Min(30)
  @Max(86_400)
  JWT_ACCESS_TTL = 900;

  /** Refresh-token lifetime in seconds. */
  @Type(() => Number)
  @IsInt()
  @Min(60)
  REFRESH_TOKEN_TTL = 14 * 86_400;

  /**
   * Seconds a session's rows are kept after it expired or was revoked, and a spent refresh token
   * after it was used: presenting a spent token again revokes its session for that long. At least
   * JWT_ACCESS_TTL, as revocations are reloaded from the database for one access-token lifetime.
   */
  @Type(() => Number)
  @IsInt()
  @Min(30)
  SESSION_RETENTION = 7 * 86_400;

  /** Seconds between two runs of the cleanup of expired sessions and tokens (0 = never). */
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(MAX_INTERVAL_SECONDS)
  CLEANUP_INTERVAL = 600;

  @IsString()
  @IsNotEmpty()
  AUTH_REALM = 'nest-auth-starter';

  /** Failed logins allowed per account and per client address in a minute; the next one gets 429. */
  @Type(() => Number)
  @IsInt()
  @Min(1)
  LOGIN_MAX_FAILURES = 10;

  /** Registrations and refreshes allowed per client address in a minute. */
  @Type(() => Number)
  @IsInt()
  @Min(20)
  AUTH_RATE_LIMIT = 30;

  @IsOptional()
  @IsString()
  DATABASE_URL?: string;

  /** Largest number of PostgreSQL connections this instance opens. */
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(1000)
  DATABASE_POOL_MAX = 10;

  /** PostgreSQL cancels a statement running longer than this (milliseconds; 0 = no limit). */
  @Type(() => Number)
  @IsInt()
  @Min(0)
  DATABASE_STATEMENT_TIMEOUT_MS = 10_000;

  /** Gives up connecting to PostgreSQL after this long (milliseconds). */
  @Type(() => Number)
  @IsInt()
  @Min(100)
  DATABASE_CONNECT_TIMEOUT_MS = 5_000;

  /**
   * TLS to PostgreSQL: `require` encrypts without checking the certificate, `verify-full` also
   * verifies it against the system CAs and the host name. Unset: as the URL's `sslmode` says.
   */
  @IsOptional()
  @IsIn(['require', 'verify-full'])
  DATABASE_SSL?: 'require' | 'verify-full';

  /**
   * Redis for the state several instances must share: revoked sessions, role-change invalidation
   * and throttle counters. Unset: kept in process memory, correct for one instance only.
   */
  @IsOptional()
  @IsString()
  REDIS_URL?: string;

  /** Prefix of every Redis key, so several services (or test runs) can share one Redis. */
  @IsString()
  @IsNotEmpty()
  REDIS_KEY_PREFIX = 'nest-auth-starter:';

  /** Embedded PostgreSQL (PGlite) data folder when DATABASE_URL is unset; `memory://` keeps it in memory. */
  @IsString()
  @IsNotEmpty()
  PGLITE_DATA_DIR = '.data/pglite';

  /**
   * Seconds between two VACUUM-and-CHECKPOINT runs on the embedded database (0 = never): PGlite's
   * single-user PostgreSQL has neither autovacuum nor checkpointer, so without them its tables and
   * its WAL grow with every write.
   */
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(MAX_INTERVAL_SECONDS)
  PGLITE_CHECKPOINT_INTERVAL = 60;

  @Transform(toBoolean)
  @IsBoolean()
  SEED_DEMO_DATA = true;

  /** With FIRST_ADMIN_PASSWORD: creates this admin account at start while no enabled admin exists. */
  @IsOptional()
  @IsEmail()
  FIRST_ADMIN_EMAIL?: string;

  @IsOptional()
  @IsString()
  @MinLength(8)
  @MaxLength(128)
  FIRST_ADMIN_PASSWORD?: string;
}

export function validateEnvironment(raw: Record<string, unknown>): Environment {
  // `NAME=` in a .env file means "not set", as it does for the defaults below.
  const given = Object.fromEntries(Object.entries(raw).filter(([, value]) => value !== ''));
  const env = plainToInstance(Environment, given, { exposeDefaultValues: true });
  const errors = validateSync(env, { skipMissingProperties: false });
  const problems = errors.flatMap((error) => Object.values(error.constraints ?? {}));

  if (
    env.JWT_SECRET !== undefined &&
    Buffer.byteLength(env.JWT_SECRET, 'utf8') < MIN_SECRET_BYTES
  ) {
    problems.push(`JWT_SECRET must be at least ${MIN_SECRET_BYTES} bytes long`);
  }
  if (
    env.JWT_PREVIOUS_SECRET !== undefined &&
    Buffer.byteLength(env.JWT_PREVIOUS_SECRET, 'utf8') < MIN_SECRET_BYTES
  ) {
    problems.push(`JWT_PREVIOUS_SECRET must be at least ${MIN_SECRET_BYTES} bytes long`);
  }
  if (env.NODE_ENV === NodeEnv.Production && env.JWT_SECRET === undefined) {
    problems.push(`JWT_SECRET is required in production (at least ${MIN_SECRET_BYTES} bytes)`);
  }
  if (env.SESSION_RETENTION < env.JWT_ACCESS_TTL) {
    problems.push(
      `SESSION_RETENTION (${env.SESSION_RETENTION} s) must be at least JWT_ACCESS_TTL (${env.JWT_ACCESS_TTL} s): ` +
        'revoked sessions must outlive their access tokens in the database',
    );
  }
  if ((env.FIRST_ADMIN_EMAIL === undefined) !== (env.FIRST_ADMIN_PASSWORD === undefined)) {
    problems.push('FIRST_ADMIN_EMAIL and FIRST_ADMIN_PASSWORD must be set together');
  }
  try {
    parseAllowedNetworks(env.ADMIN_ALLOWED_CIDRS);
  } catch (error) {
    problems.push((error as Error).message);
  }
  if (env.REDIS_URL !== undefined && !/^rediss?:\/\//.test(env.REDIS_URL)) {
    problems.push('REDIS_URL must be a redis:// or rediss:// URL');
  }
  if (env.DATABASE_URL !== undefined && !/^postgres(ql)?:\/\//.test(env.DATABASE_URL)) {
    problems.push('DATABASE_URL must be a postgres:// or postgresql:// URL');
  }
  if (problems.length > 0) {
    throw new Error(`Invalid environment:\n  - ${problems.join('\n  - ')}`);
  }
  return env;
}

/** TRUST_PROXY in the form Fastify's `trustProxy` option takes. */
export function trustProxySetting(
  value: string | undefined,
): boolean | string[] | ((address: string, hop: number) => boolean) {
  if (value === undefined || value === 'false') return false;
  if (value === 'true') return true;
  if (/^\d+$/.test(value)) {
    const hops = Number(value);
    return (_address, hop) => hop < hops; // the n nearest proxies, as proxy-addr reads a count
  }
  return value
    .split(',')
    .map((entry) => entry.trim())
    .filter(Boolean);
}

export function corsOrigins(value: string | undefined): string[] {
  return (value ?? '')
    .split(',')
    .map((origin) => origin.trim())
    .filter(Boolean);
}
