import { Injectable } from '@nestjs/common';
import { InjectMetric } from '@willsoto/nestjs-prometheus';
import type { Counter } from 'prom-client';
import type { AuditReason } from '../audit/audit-reason.js';
import type { RefusalCounter } from '../audit/refusal-counter.js';
import { AUTH_REFUSALS, type RefusalLabel } from './metric-names.js';

/** `auth_refusals_total{status_code,reason}`: each 401, 403 and 429 the audit log writes. */
@Injectable()
export class AuthRefusalMetrics implements RefusalCounter {
  constructor(@InjectMetric(AUTH_REFUSALS) private readonly refusals: Counter<RefusalLabel>) {}

  count(status: number, reason: AuditReason): void {
    this.refusals.inc({ status_code: status, reason });
  }
}
