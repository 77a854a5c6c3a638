import { UnauthorizedException } from '@nestjs/common';
import type { Audited, AuditReason } from '../../audit/audit-reason.js';
import type { BearerTokenError } from '../../problem-details/problem-details.js';

/**
 * A bearer token was presented but cannot be accepted (RFC 6750 §3.1 `invalid_token`).
 * The filter turns it into `WWW-Authenticate: Bearer realm="…", error="invalid_token", …`.
 */
export class InvalidTokenException
  extends UnauthorizedException
  implements Audited, BearerTokenError
{
  readonly bearerError = 'invalid_token';

  constructor(
    readonly description: string,
    readonly auditReason: AuditReason,
    readonly auditUserId?: string,
  ) {
    super(description);
  }
}
