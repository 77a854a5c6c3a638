import { Transform } from 'class-transformer';
import { IsBoolean, IsOptional } from 'class-validator';
import { toBoolean } from './environment-values.js';

/** What the service shows besides its API: the OpenAPI docs. */
export class OperationsEnvironment {
  /** Swagger UI at /docs and the document at /docs-json. Unset: on, except in production. */
  @IsOptional()
  @Transform(toBoolean)
  @IsBoolean()
  DOCS_ENABLED?: boolean;
}
