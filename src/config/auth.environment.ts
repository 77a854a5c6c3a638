import { Transform, Type } from 'class-transformer';
import {
  IsBoolean,
  IsEmail,
  IsInt,
  IsNotEmpty,
  IsOptional,
  IsString,
  Max,
  MaxLength,
  Min,
  MinLength,
} from 'class-validator';
import { MAX_INTERVAL_SECONDS, toBoolean } from './environment-values.js';

/** Tokens, sessions and their limits, and the first admin account. */
export class AuthEnvironment {
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
   * Seconds during which a refresh token that was just rotated may be presented again (two tabs
   * refreshing at once, a retry after a timeout) and gets the same successor, instead of counting as
   * reuse and revoking the session. 0 = strict rotation.
   */
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(60)
  REFRESH_REUSE_GRACE_SECONDS = 10;

  /** Seconds a password-reset link stays valid. */
  @Type(() => Number)
  @IsInt()
  @Min(60)
  @Max(86_400)
  PASSWORD_RESET_TTL = 1800;

  /** Seconds an email-verification link stays valid. */
  @Type(() => Number)
  @IsInt()
  @Min(300)
  @Max(30 * 86_400)
  EMAIL_VERIFICATION_TTL = 2 * 86_400;

  /** Signed-in users whose email is not verified get 403 everywhere but /auth and public routes. */
  @Transform(toBoolean)
  @IsBoolean()
  REQUIRE_VERIFIED_EMAIL = false;

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
