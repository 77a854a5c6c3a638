// What the app accepts: which bodies reach validation, and how the DTOs judge a field.
import { isEmail, length } from 'class-validator';
import { domainToASCII, domainToUnicode } from 'node:url';
import { MAX_INPUT_DEPTH, RESERVED_KEYS } from '../../../src/problem-details/validation-problem.js';
import { NOT_JSON, parsed } from './json.js';

/** Every object and array inside a value, with its depth (the value itself is at depth 0). */
function* nodes(value: unknown): Generator<[object, number]> {
  const pending: [unknown, number][] = [[value, 0]];
  while (pending.length > 0) {
    const [current, depth] = pending.pop() as [unknown, number];
    if (typeof current !== 'object' || current === null) continue;
    yield [current, depth];
    for (const child of Object.values(current)) pending.push([child, depth + 1]);
  }
}

/** Fastify refuses (400) a JSON body with a `__proto__` key, or a `constructor` holding `prototype`. */
const poisoned = (value: unknown) =>
  [...nodes(value)].some(([node]) => {
    const record = node as Record<string, unknown>;
    const ctor = Object.hasOwn(node, 'constructor') ? record.constructor : undefined;
    return (
      Object.hasOwn(node, '__proto__') ||
      (typeof ctor === 'object' && ctor !== null && Object.hasOwn(ctor, 'prototype'))
    );
  });

const storable = (value: unknown) =>
  typeof value !== 'string' || (!value.includes('\u0000') && value.isWellFormed());

/**
 * The app's guard before validation: no string holding NUL or a lone surrogate, no key reserved by
 * the app (`prototype`, Object.prototype's names), no nesting past MAX_INPUT_DEPTH levels.
 */
const acceptable = (value: unknown) =>
  storable(value) &&
  [...nodes(value)].every(
    ([node, depth]) =>
      depth < MAX_INPUT_DEPTH &&
      Object.keys(node).every((key) => !RESERVED_KEYS.has(key)) &&
      Object.values(node).every(storable),
  );

/**
 * The body the DTO's rules end up judging, or undefined when it is refused before them (not JSON,
 * poisoned, NUL, lone surrogate, reserved key, too deep). Nest's ValidationPipe also reads a JSON
 * `null` as `{}`.
 */
export function seenByValidation(raw: string): unknown {
  const input = parsed(raw);
  if (input === NOT_JSON || poisoned(input) || !acceptable(input)) return undefined;
  if (input === null) return {};
  return input;
}

export const has = (value: Record<string, unknown>, key: string) => Object.hasOwn(value, key);

export const onlyKeys = (value: Record<string, unknown>, allowed: string[]) =>
  Object.keys(value).every((key) => allowed.includes(key));

/** A string field as the DTOs take it: no NUL, length (class-validator's count) after an optional trim. */
export const isText = (value: unknown, min: number, max: number, trim: boolean): value is string =>
  typeof value === 'string' &&
  !value.includes('\u0000') &&
  length(trim ? value.trim() : value, min, max);

export const isCents = (value: unknown, min: number, max: number): value is number =>
  typeof value === 'number' && Number.isInteger(value) && value >= min && value <= max;

/** Lone surrogates cannot be stored as UTF-8: the database keeps U+FFFD in their place. */
export const wellFormed = (text: string): string =>
  text.replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '\uFFFD');

const HIDDEN = /[\p{C}\p{Z}\p{Default_Ignorable_Code_Point}]/u;
const LATIN_LIKE = ['Latin', 'Greek', 'Cyrillic', 'Armenian', 'Cherokee'].map(
  (script) => `\\p{Script_Extensions=${script}}`,
);
/** Some script is shared by every character of the label that belongs to a Latin-like one. */
const singleScript = (label: string) =>
  LATIN_LIKE.some((script) => {
    const rest = label.replace(new RegExp(script, 'gu'), '');
    return LATIN_LIKE.every((other) => !new RegExp(other, 'u').test(rest));
  });

/**
 * The email the account DTOs make of a value, or undefined when they refuse it. The form: NFKC,
 * trimmed, lower-cased, the domain through IDNA and back to Unicode. Refused: what isEmail refuses,
 * over 254 characters, a control, format, space or other invisible character, a domain IDNA
 * refuses, a dot-separated part mixing Latin, Greek, Cyrillic, Armenian or Cherokee letters.
 */
export function accountEmail(value: unknown): string | undefined {
  if (typeof value !== 'string' || !value.isWellFormed()) return undefined;
  const text = value.normalize('NFKC').trim().toLowerCase().normalize('NFKC');
  const at = text.lastIndexOf('@');
  const ascii = at < 0 ? '' : domainToASCII(text.slice(at + 1));
  if (HIDDEN.test(text) || ascii === '') return undefined;
  const email = `${text.slice(0, at + 1)}${domainToUnicode(ascii)}`;
  const valid =
    !HIDDEN.test(email) &&
    isEmail(email) &&
    length(email, 0, 254) &&
    email.split(/[.@]/).every(singleScript);
  return valid ? email : undefined;
}
