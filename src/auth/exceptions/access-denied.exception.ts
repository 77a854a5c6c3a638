import { ForbiddenException } from '@nestjs/common';
import type { Audited } from '../../audit/audit-reason.js';

/** An authenticated caller who may not do this: 403. */
export class AccessDeniedException extends ForbiddenException implements Audited {
  constructor(
    message: string | undefined,
    readonly auditReason: 'insufficient_role' | 'ip_not_allowed',
    readonly auditUserId: string,
  ) {
    super(message);
  }
}
