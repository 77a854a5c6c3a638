import { Inject, Injectable, Optional } from '@nestjs/common';
import { PinoLogger } from 'nestjs-pino';
import type { AuditReason } from './audit-reason.js';
import { REFUSAL_COUNTER, type RefusalCounter } from './refusal-counter.js';

/** One refused request. Never holds a token, a password or a request body. */
export interface AccessDeniedEvent {
  reason: AuditReason;
  status: number;
  userId: string | null;
  method: string;
  route: string;
  clientAddress: string;
  requestId: string;
}

/**
 * The audit trail: one structured (JSON) log line per 401, 403 and 429, at `warn`, under the
 * `audit` key, whose request id matches the `X-Request-Id` header and problem body the client got.
 */
@Injectable()
export class AuditLog {
  constructor(
    private readonly logger: PinoLogger,
    @Optional() @Inject(REFUSAL_COUNTER) private readonly counter?: RefusalCounter,
  ) {
    logger.setContext('Audit');
  }

  accessDenied(event: AccessDeniedEvent): void {
    this.counter?.count(event.status, event.reason);
    this.logger.warn(
      { audit: { event: 'access_denied', ...event } },
      `access denied: ${event.reason}`,
    );
  }
}
