import { UnauthorizedException } from '@nestjs/common';
import type { Audited } from '../audit/audit-reason.js';
import type { HasProblemType } from '../problem-details/problem-types.js';

/** GET /metrics without the METRICS_TOKEN: 401 with the bare Bearer challenge. */
export class MetricsTokenMissingException
  extends UnauthorizedException
  implements Audited, HasProblemType
{
  readonly auditReason = 'missing_token';
  readonly problemType = 'credentials-required';

  constructor() {
    super('GET /metrics needs "Authorization: Bearer <METRICS_TOKEN>".');
  }
}
