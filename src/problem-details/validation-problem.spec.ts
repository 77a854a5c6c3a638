import type { ValidationError } from '@nestjs/common';
import { Type } from 'class-transformer';
import { IsInt, IsString, Min, ValidateNested, validateSync } from 'class-validator';
import { findUnacceptableInput, MAX_INPUT_DEPTH, toFieldErrors } from './validation-problem.js';

class LineDto {
  @IsInt()
  @Min(1)
  quantity: number;
}

class OrderDto {
  @IsString()
  reference: string;

  @ValidateNested({ each: true })
  @Type(() => LineDto)
  lines: LineDto[];
}

function validationError(
  property: string,
  constraints?: Record<string, string>,
  children: ValidationError[] = [],
): ValidationError {
  return { property, constraints, children };
}

describe('toFieldErrors', () => {
  it('returns nothing for no errors', () => {
    expect(toFieldErrors([])).toEqual([]);
  });

  it('lists every constraint message of a top-level property', () => {
    const errors = [
      validationError('email', {
        isEmail: 'email must be an email',
        isNotEmpty: 'email should not be empty',
      }),
      validationError('password', { minLength: 'password is too short' }),
    ];
    expect(toFieldErrors(errors)).toEqual([
      { field: 'email', messages: ['email must be an email', 'email should not be empty'] },
      { field: 'password', messages: ['password is too short'] },
    ]);
  });

  it('flattens nested children into dotted fields, array indexes included', () => {
    const errors = [
      validationError('address', { isObject: 'address must be an object' }, [
        validationError('street', { isString: 'street must be a string' }),
        validationError('geo', undefined, [
          validationError('lat', { max: 'lat must not be greater than 90' }),
        ]),
      ]),
      validationError('items', undefined, [
        validationError('0', undefined, [
          validationError('quantity', { min: 'quantity must not be less than 1' }),
        ]),
      ]),
    ];
    expect(toFieldErrors(errors)).toEqual([
      { field: 'address', messages: ['address must be an object'] },
      { field: 'address.street', messages: ['street must be a string'] },
      { field: 'address.geo.lat', messages: ['lat must not be greater than 90'] },
      { field: 'items.0.quantity', messages: ['quantity must not be less than 1'] },
    ]);
  });

  it('prefixes fields with the given parent', () => {
    expect(toFieldErrors([validationError('name', { isString: 'bad' })], 'body')).toEqual([
      { field: 'body.name', messages: ['bad'] },
    ]);
  });

  it('flattens what class-validator reports for a nested DTO', () => {
    const order = Object.assign(new OrderDto(), {
      reference: 7,
      lines: [
        Object.assign(new LineDto(), { quantity: 2 }),
        Object.assign(new LineDto(), { quantity: 0 }),
      ],
    });
    expect(toFieldErrors(validateSync(order))).toEqual([
      { field: 'reference', messages: ['reference must be a string'] },
      { field: 'lines.1.quantity', messages: ['quantity must not be less than 1'] },
    ]);
  });
});

describe('findUnacceptableInput', () => {
  it('finds a NUL at any depth and names its path', () => {
    expect(findUnacceptableInput({ a: [{ b: 'ok' }, { c: 'x\u0000y' }] })).toEqual({
      field: 'a.1.c',
      messages: ['a.1.c must not contain NUL characters'],
    });
    expect(findUnacceptableInput('\u0000', 'id')?.field).toBe('id');
  });

  it('refuses nesting deeper than the limit, however deep, without recursion', () => {
    const nest = (levels: number) => {
      let value: unknown = 'leaf';
      for (let level = 0; level < levels; level++) value = { a: value };
      return value;
    };
    expect(findUnacceptableInput(nest(MAX_INPUT_DEPTH))).toBeUndefined();
    expect(findUnacceptableInput(nest(MAX_INPUT_DEPTH + 1))?.messages).toEqual([
      `${'a.'.repeat(MAX_INPUT_DEPTH).slice(0, -1)} is nested more than ${MAX_INPUT_DEPTH} levels deep`,
    ]);
    expect(findUnacceptableInput(nest(200_000))).toBeDefined();
  });

  it('refuses a lone UTF-16 surrogate, which validators and PostgreSQL choke on', () => {
    expect(findUnacceptableInput({ email: 'a\ud800@example.com' })).toEqual({
      field: 'email',
      messages: ['email must be well-formed Unicode text'],
    });
    expect(findUnacceptableInput({ name: 'emoji 😀 is fine' })).toBeUndefined();
  });

  it.each(['constructor', 'prototype', 'toString', 'hasOwnProperty', '__proto__'])(
    'refuses a %s key, which the pipe would otherwise drop unseen',
    (key) => {
      const body = JSON.parse(`{"nested": {"${key}": 1}}`) as unknown;
      expect(findUnacceptableInput(body)).toEqual({
        field: `nested.${key}`,
        messages: [`property ${key} should not exist`],
      });
    },
  );

  it('passes ordinary values', () => {
    expect(findUnacceptableInput({ n: 1, s: 'text', z: null, list: [1, 2] })).toBeUndefined();
  });
});
