import { BadRequestException, ValidationError } from '@nestjs/common';
import type { FieldError } from './problem-details.js';

const INVALID_INPUT = 'The request body or parameters are invalid.';

/** The 400 of the validation pipe, naming each offending field; also for checks made past it. */
export function invalidInput(errors: FieldError[]): BadRequestException {
  return new BadRequestException({ message: INVALID_INPUT, errors });
}

/** Flattens class-validator's tree into `{ field: 'a.b', messages }` entries. */
export function toFieldErrors(errors: ValidationError[], parent = ''): FieldError[] {
  return errors.flatMap((error) => {
    const field = parent ? `${parent}.${error.property}` : error.property;
    const own = error.constraints ? [{ field, messages: Object.values(error.constraints) }] : [];
    return [...own, ...toFieldErrors(error.children ?? [], field)];
  });
}

/** Deeper input is refused before class-transformer, whose recursion would overflow the stack. */
export const MAX_INPUT_DEPTH = 32;

/**
 * Keys no DTO can declare: the ValidationPipe and class-transformer drop them without a word
 * (`constructor`, `prototype`, inherited method names), so they are refused here instead.
 */
export const RESERVED_KEYS: ReadonlySet<string> = new Set([
  'prototype',
  ...Object.getOwnPropertyNames(Object.prototype),
]);

/**
 * The first part of a request value that no DTO could accept: nesting deeper than MAX_INPUT_DEPTH,
 * a reserved key, or a string PostgreSQL text cannot store or validators choke on (U+0000, a lone
 * UTF-16 surrogate). Iterative, for any depth.
 */
export function findUnacceptableInput(value: unknown, root = ''): FieldError | undefined {
  const pending: [unknown, string, number][] = [[value, root, 0]];
  while (pending.length > 0) {
    const [current, path, depth] = pending.pop() as [unknown, string, number];
    const field = path || 'value';
    if (typeof current === 'string') {
      if (current.includes('\u0000')) {
        return { field, messages: [`${field} must not contain NUL characters`] };
      }
      if (!current.isWellFormed()) {
        return { field, messages: [`${field} must be well-formed Unicode text`] };
      }
    }
    if (typeof current !== 'object' || current === null) continue;
    if (depth >= MAX_INPUT_DEPTH) {
      return { field, messages: [`${field} is nested more than ${MAX_INPUT_DEPTH} levels deep`] };
    }
    for (const [key, child] of Object.entries(current)) {
      const childPath = path ? `${path}.${key}` : key;
      if (RESERVED_KEYS.has(key)) {
        return { field: childPath, messages: [`property ${key} should not exist`] };
      }
      pending.push([child, childPath, depth + 1]);
    }
  }
  return undefined;
}
