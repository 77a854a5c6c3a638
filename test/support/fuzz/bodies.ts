// Generators of JSON request bodies for a DTO.
import fc from 'fast-check';
import { objectOf, RAW, toRaw } from './json.js';
import { oddValue } from './values.js';

export function centsLike(min: number, max: number): fc.Arbitrary<unknown> {
  return fc.oneof(
    { weight: 5, arbitrary: fc.integer({ min: min - 10, max: max + 10 }) },
    { weight: 2, arbitrary: fc.constantFrom(min, max, min - 1, max + 1, min + 1, max - 1) },
    {
      weight: 1,
      arbitrary: fc.constantFrom(
        RAW('-0'),
        RAW('100.0'),
        RAW('1E2'),
        RAW('0.0'),
        RAW('1e400'),
        RAW('1e-7'),
      ),
    },
    {
      weight: 1,
      arbitrary: fc.constantFrom('100', '0', '1e3', ' 7', 1e308, -1e308, 0.1, 2 ** 53 + 2, null),
    },
    { weight: 1, arbitrary: fc.double() },
  );
}

const EXTRA_KEYS = fc.oneof(
  fc.constantFrom(
    '__proto__',
    'constructor',
    'prototype',
    'toString',
    'hasOwnProperty',
    'valueOf',
    'id',
    'userId',
    'roles',
    'isAdmin',
    'polluted',
    '',
    'name ',
    'NAME',
    'a\u0000b',
  ),
  fc.string({ maxLength: 8 }),
);

/**
 * JSON bodies for a DTO: mostly objects built from its fields (each value good or odd, each key
 * maybe missing, sometimes extra keys), then random JSON, odd top-level values, deep nesting,
 * prototype-pollution attempts and malformed JSON.
 */
export function jsonBodies(fields: Record<string, fc.Arbitrary<unknown>>): fc.Arbitrary<string> {
  const values = Object.fromEntries(
    Object.entries(fields).map(([key, good]) => [
      key,
      fc.oneof({ weight: 6, arbitrary: good }, { weight: 1, arbitrary: oddValue }),
    ]),
  );
  const known = fc.oneof(fc.record(values), fc.record(values, { requiredKeys: [] }));
  const extras = fc.oneof(
    { weight: 5, arbitrary: fc.constant<[string, unknown][]>([]) },
    {
      weight: 1,
      arbitrary: fc.array(fc.tuple(EXTRA_KEYS, oddValue), { minLength: 1, maxLength: 2 }),
    },
  );
  const shaped = fc
    .tuple(known, extras)
    .map(([own, extra]) => objectOf([...Object.entries(own), ...extra]));

  const pollution = fc
    .tuple(
      known,
      fc.constantFrom('__proto__', 'constructor', 'prototype'),
      fc.constantFrom<unknown>(
        { polluted: 'yes', isAdmin: true },
        { prototype: { polluted: 'yes' } },
        objectOf([['__proto__', { polluted: 'yes' }]]),
      ),
      fc.boolean(),
    )
    .map(([own, key, attack, nested]) => {
      const [firstKey] = Object.keys(own);
      if (nested && firstKey !== undefined) {
        return objectOf([...Object.entries(own), [firstKey, objectOf([[key, attack]])]]);
      }
      return objectOf([[key, attack], ...Object.entries(own)]);
    });

  const deepText = fc
    .tuple(
      fc.integer({ min: 1, max: 100 }),
      fc.constantFrom('[', '{"a":', '{"name":', '[{"a":'),
      fc.boolean(),
    )
    .map(([depth, open, underField]) => {
      const close = open.startsWith('[{') ? '}]' : open.startsWith('[') ? ']' : '}';
      const nested = `${open.repeat(depth)}1${close.repeat(depth)}`;
      const [firstKey = 'a'] = Object.keys(fields);
      return underField ? `{${JSON.stringify(firstKey)}:${nested}}` : nested;
    });

  return fc.oneof(
    { weight: 12, arbitrary: shaped.map(toRaw) },
    { weight: 1, arbitrary: fc.json({ maxDepth: 3 }) },
    { weight: 1, arbitrary: fc.anything({ maxDepth: 3 }).map(toRaw) },
    { weight: 1, arbitrary: oddValue.map(toRaw) },
    { weight: 1, arbitrary: fc.array(shaped, { maxLength: 3 }).map(toRaw) },
    { weight: 1, arbitrary: deepText },
    { weight: 2, arbitrary: pollution.map(toRaw) },
    {
      weight: 1,
      arbitrary: fc
        .tuple(shaped.map(toRaw), fc.nat())
        .map(([json, cut]) => json.slice(0, json.length > 0 ? cut % json.length : 0)),
    },
  );
}
