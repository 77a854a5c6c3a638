import { UnauthorizedException } from '@nestjs/common';
import type { Audited } from '../audit/audit-reason.js';
import type { BearerTokenError } from '../problem-details/problem-details.js';
import type { HasProblemType } from '../problem-details/problem-types.js';

/** GET /metrics with a bearer token that is not the METRICS_TOKEN: 401 `invalid_token`. */
export class MetricsTokenRefusedException
  extends UnauthorizedException
  implements Audited, BearerTokenError, HasProblemType
{
  readonly auditReason = 'bad_metrics_token';
  readonly bearerError = 'invalid_token';
  readonly problemType = 'token-invalid';
  readonly description = 'The token is not the metrics token.';

  constructor() {
    super('The token is not the metrics token.');
  }
}
