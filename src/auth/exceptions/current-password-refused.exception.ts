import { ForbiddenException } from '@nestjs/common';
import type { Audited } from '../../audit/audit-reason.js';

/**
 * A signed-in caller gave a wrong current password: 403, not 401. Their access token is fine, so a
 * client that refreshes its tokens on 401 and retries would only loop.
 */
export class CurrentPasswordRefusedException extends ForbiddenException implements Audited {
  readonly auditReason = 'bad_credentials';

  constructor(readonly auditUserId: string) {
    super('The current password is wrong.');
  }
}
