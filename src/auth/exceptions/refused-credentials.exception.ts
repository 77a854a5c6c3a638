import { UnauthorizedException } from '@nestjs/common';
import type { Audited } from '../../audit/audit-reason.js';
import type { HasProblemType } from '../../problem-details/problem-types.js';

/** No credentials came with the request (RFC 6750 §3.1: a challenge without an error code). */
export class CredentialsRequiredException
  extends UnauthorizedException
  implements Audited, HasProblemType
{
  readonly auditReason = 'missing_token';
  readonly problemType = 'credentials-required';

  constructor() {
    super('Authentication is required: send an access token as "Authorization: Bearer <token>".');
  }
}

/** A password or refresh token that was refused at login or refresh. */
export class RefusedCredentialsException
  extends UnauthorizedException
  implements Audited, HasProblemType
{
  readonly problemType = 'credentials-refused';

  constructor(
    message: string,
    readonly auditReason: 'bad_credentials' | 'refresh_reuse' = 'bad_credentials',
    readonly auditUserId?: string,
  ) {
    super(message);
  }
}
