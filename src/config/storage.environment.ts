import { Transform, Type } from 'class-transformer';
import {
  IsBoolean,
  IsIn,
  IsInt,
  IsNotEmpty,
  IsOptional,
  IsString,
  Max,
  Min,
} from 'class-validator';
import { MAX_INTERVAL_SECONDS, toBoolean } from './environment-values.js';

/** PostgreSQL or the embedded PGlite, Redis, and the demo data. */
export class StorageEnvironment {
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
}
