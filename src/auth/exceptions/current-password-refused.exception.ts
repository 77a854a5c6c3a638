import { ForbiddenException } from '@nestjs/common';
import type { Audited } from '../../audit/audit-reason.js';
import type { PublicDetail } from '../../problem-details/problem-details.js';
import type { HasProblemType } from '../../problem-details/problem-types.js';

/**
 * A signed-in caller gave a wrong current password: 403, not 401. Their access token is fine, so a
 * client that refreshes its tokens on 401 and retries would only loop. The detail names no role,
 * so production keeps it.
 */
export class CurrentPasswordRefusedException
  extends ForbiddenException
  implements Audited, PublicDetail, HasProblemType
{
  readonly auditReason = 'bad_credentials';
  readonly problemType = 'current-password-refused';
  readonly publicDetail = true;

  constructor(readonly auditUserId: string) {
    super('The current password is wrong.');
  }
}
