import { ForbiddenException } from '@nestjs/common';
import type { Audited } from '../audit/audit-reason.js';
import type { HasProblemType } from '../problem-details/problem-types.js';

/** GET /metrics from outside METRICS_ALLOWED_NETWORKS: 403. */
export class MetricsNetworkDeniedException
  extends ForbiddenException
  implements Audited, HasProblemType
{
  readonly auditReason = 'ip_not_allowed';
  readonly problemType = 'network-not-allowed';

  constructor() {
    super('Metrics are not open to your network.');
  }
}
