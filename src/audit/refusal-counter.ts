import type { AuditReason } from './audit-reason.js';

/** Counts the refusals the audit log writes (the metrics module's, when metrics are on). */
export interface RefusalCounter {
  count(status: number, reason: AuditReason): void;
}

export const REFUSAL_COUNTER = Symbol('RefusalCounter');
