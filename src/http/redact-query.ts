/** Query parameters whose values never reach a log line or a problem's `instance`. */
const SENSITIVE_NAME = /token|password|passwd|secret|key|code|sig|auth|session|credential/i;
/** A JWT under any name: three base64url parts, the first a JSON object (`eyJ`). */
const JWT_VALUE = /^eyJ[\w-]*\.[\w-]*\.[\w-]*$/;
const REDACTED = '[REDACTED]';

function decode(component: string): string | undefined {
  try {
    return decodeURIComponent(component.replaceAll('+', ' '));
  } catch {
    return undefined;
  }
}

function redactParameter(pair: string): string {
  const equals = pair.indexOf('=');
  if (equals === -1) return pair;
  const name = decode(pair.slice(0, equals));
  const value = decode(pair.slice(equals + 1));
  // What cannot be decoded cannot be judged: it is redacted.
  if (name === undefined || value === undefined) return `${pair.slice(0, equals)}=${REDACTED}`;
  if (SENSITIVE_NAME.test(name) || JWT_VALUE.test(value)) {
    return `${pair.slice(0, equals)}=${REDACTED}`;
  }
  return pair;
}

/**
 * The request URL fit for logs and problem bodies: the values of credential-like query parameters
 * (`access_token`, `password`, …) and anything shaped like a JWT are replaced by `[REDACTED]`.
 */
export function redactQuery(url: string): string {
  const question = url.indexOf('?');
  if (question === -1) return url;
  const query = url
    .slice(question + 1)
    .split('&')
    .map(redactParameter)
    .join('&');
  return `${url.slice(0, question)}?${query}`;
}
