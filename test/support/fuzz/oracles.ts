// What the app accepts: which bodies reach validation, and how the DTOs judge a field.
import { length } from 'class-validator';
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
