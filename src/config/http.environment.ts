import { Type } from 'class-transformer';
import { IsEnum, IsIn, IsInt, IsNotEmpty, IsOptional, IsString, Max, Min } from 'class-validator';
import { NodeEnv, LOG_FORMATS, LOG_LEVELS } from './environment-values.js';

/** The HTTP server: where it listens, what it logs, which clients and proxies it trusts. */
export class HttpEnvironment {
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

  /** `pretty` (pino-pretty) or `json` lines. Unset: pretty on a terminal outside production, else JSON. */
  @IsOptional()
  @IsIn(LOG_FORMATS)
  LOG_FORMAT?: (typeof LOG_FORMATS)[number];

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
}
