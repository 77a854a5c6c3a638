import { Transform } from 'class-transformer';
import { IsBoolean, IsOptional, IsString } from 'class-validator';
import { toBoolean } from './environment-values.js';

/** What the service shows operators besides its API: the OpenAPI docs and Prometheus metrics. */
export class OperationsEnvironment {
  /** Swagger UI at /docs and the document at /docs-json. Unset: on, except in production. */
  @IsOptional()
  @Transform(toBoolean)
  @IsBoolean()
  DOCS_ENABLED?: boolean;

  /** GET /metrics in the Prometheus text format. Off: the route and its request hooks do not exist. */
  @Transform(toBoolean)
  @IsBoolean()
  METRICS_ENABLED = false;

  /** The bearer token a scraper must send to GET /metrics. */
  @IsOptional()
  @IsString()
  METRICS_TOKEN?: string;

  /** Networks (IPv4/IPv6 CIDRs or addresses, comma-separated) GET /metrics accepts. Unset: any. */
  @IsOptional()
  @IsString()
  METRICS_ALLOWED_NETWORKS?: string;
}
