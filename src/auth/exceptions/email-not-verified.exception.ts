import { ForbiddenException } from '@nestjs/common';
import type { Audited } from '../../audit/audit-reason.js';
import type { PublicDetail } from '../../problem-details/problem-details.js';
import type { HasProblemType } from '../../problem-details/problem-types.js';

export const EMAIL_NOT_VERIFIED = 'Verify your email address to use this route.';

/** A signed-in user whose email is not verified, on a route that requires it: 403. */
export class EmailNotVerifiedException
  extends ForbiddenException
  implements Audited, PublicDetail, HasProblemType
{
  readonly auditReason = 'email_not_verified';
  readonly problemType = 'email-not-verified';
  /** It tells the user what to do and names nothing internal: production keeps it. */
  readonly publicDetail = true;

  constructor(readonly auditUserId: string) {
    super(EMAIL_NOT_VERIFIED);
  }
}
