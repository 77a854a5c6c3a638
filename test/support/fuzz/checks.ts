// The exchanges the fuzzers make, and the invariants every answer must keep.
import {
  CHALLENGE,
  JSON_TYPE,
  PROBLEM_JSON,
  PROBLEM_TYPE_SLUGS,
  problemType,
} from '../problems.js';
import { isRecord, parsed } from './json.js';

/** A catalogued type, or about:blank for what the status says alone (e.g. 414 for a long id). */
const KNOWN_TYPES = new Set<unknown>(['about:blank', ...PROBLEM_TYPE_SLUGS.map(problemType)]);

export type Method = 'GET' | 'POST' | 'PATCH' | 'DELETE';

export interface Exchange {
  method: Method;
  url: string;
  headers: Record<string, string>;
  payload?: string;
  remoteAddress?: string;
}

export interface Answer {
  request: Exchange;
  status: number;
  headers: Record<string, unknown>;
  text: string;
}

const clip = (text: string | undefined, max = 600) =>
  text === undefined
    ? '(none)'
    : text.length > max
      ? `${text.slice(0, max)}… (${text.length} chars)`
      : text;

function describeExchange(answer: Answer): string {
  const { method, url, headers, payload, remoteAddress } = answer.request;
  return [
    `${method} ${clip(url, 300)} from ${remoteAddress ?? 'default address'}`,
    `  request headers: ${clip(JSON.stringify(headers))}`,
    `  payload: ${clip(payload === undefined ? undefined : JSON.stringify(payload))}`,
    `  → ${answer.status} ${JSON.stringify(answer.headers['content-type'])}`,
    `  www-authenticate: ${JSON.stringify(answer.headers['www-authenticate'])}`,
    `  body: ${clip(answer.text)}`,
  ].join('\n');
}

export function must(condition: unknown, what: string, answer: Answer): asserts condition {
  if (!condition) throw new Error(`${what}\n${describeExchange(answer)}`);
}

const PROTOTYPE_KEYS = Object.getOwnPropertyNames(Object.prototype).sort().join();

export function checkNoPollution(answer?: Answer): void {
  const probe: Record<string, unknown> = {};
  const inherited: string[] = [];
  for (const key in probe) inherited.push(key);
  const clean =
    probe.polluted === undefined &&
    probe.isAdmin === undefined &&
    probe.admin === undefined &&
    inherited.length === 0 &&
    Object.getOwnPropertyNames(Object.prototype).sort().join() === PROTOTYPE_KEYS;
  if (!clean) {
    const message = `Object.prototype was polluted: ${Object.getOwnPropertyNames(Object.prototype).join()}`;
    throw new Error(answer ? `${message}\n${describeExchange(answer)}` : message);
  }
}

/** Every answer: no 5xx, an allowed status, problem+json errors, challenges and Retry-After. */
export function checkAnswer(answer: Answer, allowed: readonly number[]): void {
  must(answer.status < 500, `a ${answer.status} (server error)`, answer);
  must(
    allowed.includes(answer.status),
    `status ${answer.status}, expected one of ${allowed.join(', ')}`,
    answer,
  );
  if (answer.status >= 400) {
    must(
      answer.headers['content-type'] === PROBLEM_JSON,
      'an error that is not problem+json',
      answer,
    );
    const problem = parsed(answer.text);
    must(
      isRecord(problem) &&
        problem.status === answer.status &&
        KNOWN_TYPES.has(problem.type) &&
        typeof problem.title === 'string' &&
        typeof problem.detail === 'string',
      'a problem body of an undocumented `type`, or whose numeric `status` is not the HTTP status',
      answer,
    );
  } else if (answer.status !== 204) {
    must(answer.headers['content-type'] === JSON_TYPE, 'a success that is not JSON', answer);
  }
  if (answer.status === 401) {
    const challenge = answer.headers['www-authenticate'];
    must(
      typeof challenge === 'string' && challenge.startsWith(CHALLENGE),
      'a 401 without a Bearer challenge',
      answer,
    );
  }
  if (answer.status === 429) {
    must(
      /^[1-9]\d*$/.test(String(answer.headers['retry-after'])),
      'a 429 without Retry-After',
      answer,
    );
  }
  checkNoPollution(answer);
}
