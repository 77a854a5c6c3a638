import { HttpException, HttpStatus } from '@nestjs/common';
import type { Audited } from '../../audit/audit-reason.js';
import type { HasResponseHeaders } from '../../problem-details/problem-details.js';
import type { HasProblemType } from '../../problem-details/problem-types.js';

export class TooManyAttemptsException
  extends HttpException
  implements HasResponseHeaders, Audited, HasProblemType
{
  readonly auditReason = 'throttled';
  readonly problemType = 'throttled';
  readonly responseHeaders: Record<string, string>;

  constructor(
    retryAfterSeconds: number,
    message = 'Too many failed sign-in attempts. Try again later.',
  ) {
    super(message, HttpStatus.TOO_MANY_REQUESTS);
    this.responseHeaders = { 'retry-after': String(retryAfterSeconds) };
  }
}
