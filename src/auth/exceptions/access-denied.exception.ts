import { ForbiddenException } from '@nestjs/common';
import type { Audited } from '../../audit/audit-reason.js';
import type { HasProblemType } from '../../problem-details/problem-types.js';

/** An authenticated caller who may not do this: 403, `role-missing` or `network-not-allowed`. */
export class AccessDeniedException extends ForbiddenException implements Audited, HasProblemType {
  readonly problemType: 'role-missing' | 'network-not-allowed';

  constructor(
    message: string | undefined,
    readonly auditReason: 'insufficient_role' | 'ip_not_allowed',
    readonly auditUserId: string,
  ) {
    super(message);
    this.problemType = auditReason === 'ip_not_allowed' ? 'network-not-allowed' : 'role-missing';
  }
}
