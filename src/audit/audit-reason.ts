/** Why a request was refused: the stable codes of the audit trail. */
export type AuditReason =
  | 'missing_token'
  | 'malformed_token'
  | 'bad_signature'
  | 'expired_token'
  | 'revoked_token'
  | 'unknown_user'
  | 'insufficient_role'
  | 'ip_not_allowed'
  | 'email_not_verified'
  | 'bad_credentials'
  | 'bad_metrics_token'
  | 'refresh_reuse'
  | 'throttled';

/** An exception that knows why it refused the request. */
export interface Audited {
  readonly auditReason: AuditReason;
  /** The user concerned, when known (e.g. the subject of a revoked token). */
  readonly auditUserId?: string;
}

export function isAudited(error: unknown): error is Audited {
  return typeof error === 'object' && error !== null && 'auditReason' in error;
}
