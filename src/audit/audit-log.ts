import { Inject, Injectable, Optional } from '@nestjs/common';
import type { Logger } from 'pino';
import { ROOT_LOGGER } from '../logging/root-logger.js';
import type { LoggedRequest } from '../logging/request-log.js';
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
  private readonly logger: Logger;

  constructor(
    @Inject(ROOT_LOGGER) root: Logger,
    @Optional() @Inject(REFUSAL_COUNTER) private readonly counter?: RefusalCounter,
  ) {
    this.logger = root.child({ context: 'Audit' });
  }

  /** `req`: the request as the request log shows it, so both lines share its fields. */
  accessDenied(event: AccessDeniedEvent, req: LoggedRequest): void {
    this.counter?.count(event.status, event.reason);
    this.logger.warn(
      { req, audit: { event: 'access_denied', ...event } },
      `access denied: ${event.reason}`,
    );
  }
}
