import { UnauthorizedException } from '@nestjs/common';
import type { Audited, AuditReason } from '../../audit/audit-reason.js';
import type { BearerTokenError } from '../../problem-details/problem-details.js';
import type { HasProblemType } from '../../problem-details/problem-types.js';

/**
 * A bearer token was presented but cannot be accepted (RFC 6750 §3.1 `invalid_token`).
 * The filter turns it into `WWW-Authenticate: Bearer realm="…", error="invalid_token", …`.
 * Its type tells an expired token (refresh and retry) from every other refusal.
 */
export class InvalidTokenException
  extends UnauthorizedException
  implements Audited, BearerTokenError, HasProblemType
{
  readonly bearerError = 'invalid_token';
  readonly problemType: 'token-expired' | 'token-invalid';

  constructor(
    readonly description: string,
    readonly auditReason: AuditReason,
    readonly auditUserId?: string,
  ) {
    super(description);
    this.problemType = auditReason === 'expired_token' ? 'token-expired' : 'token-invalid';
  }
}
