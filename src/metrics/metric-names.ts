/** The service's own metrics, besides prom-client's default process metrics. */
export const HTTP_REQUESTS = 'http_requests_total';
export const HTTP_REQUEST_DURATION = 'http_request_duration_seconds';
export const AUTH_REFUSALS = 'auth_refusals_total';

export const HTTP_LABELS = ['method', 'route', 'status_code'] as const;
export type HttpLabel = (typeof HTTP_LABELS)[number];
export const REFUSAL_LABELS = ['status_code', 'reason'] as const;
export type RefusalLabel = (typeof REFUSAL_LABELS)[number];

/** The `route` of a request no route matched (a 404): never its URL, which the client chooses. */
export const UNMATCHED_ROUTE = 'unmatched';
