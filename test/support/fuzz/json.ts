// JSON that JSON.stringify cannot write (bare literals, own `__proto__` keys), and its parsing.

/** A placeholder that `toRaw` turns into a bare JSON literal (such as `-0` or `1e400`). */
export const RAW = (literal: string) => `\u0001RAW:${literal}\u0001`;

export function toRaw(value: unknown): string {
  const json = JSON.stringify(value) as string | undefined;
  if (json === undefined) return '';
  return json.replace(/"\\u0001RAW:([^"\\]*)\\u0001"/g, '$1');
}

/** An object with these own keys, `__proto__` included (an assignment would set the prototype). */
export function objectOf(entries: [string, unknown][]): Record<string, unknown> {
  const result: Record<string, unknown> = {};
  for (const [key, value] of entries) {
    Object.defineProperty(result, key, {
      value,
      enumerable: true,
      writable: true,
      configurable: true,
    });
  }
  return result;
}

export const NOT_JSON = Symbol('not JSON');

/** What the server's JSON parser sees (JSON.parse keeps `__proto__` as an own key too). */
export function parsed(raw: string): unknown {
  try {
    return JSON.parse(raw) as unknown;
  } catch {
    return NOT_JSON;
  }
}

export const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);
