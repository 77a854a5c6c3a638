// Generators of odd values: nasty strings, odd scalars, deep nesting, text near a length limit.
import fc from 'fast-check';
import { RAW } from './json.js';

export const PRINTABLE = fc
  .integer({ min: 0x20, max: 0x7e })
  .map((code) => String.fromCharCode(code));
export const printable = (maxLength: number, minLength = 0) =>
  fc.string({ unit: PRINTABLE, minLength, maxLength });
export const BASE64URL = fc.constantFrom(
  ...'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_'.split(''),
);

/** `n` characters of `unit` repeated (values up to ~8 KB). */
export const repeated = (unit: string, n: number) =>
  unit.repeat(Math.ceil(n / unit.length)).slice(0, n);

const NASTY_STRINGS = [
  '',
  ' ',
  '\t\n\r',
  '\u00a0\u2028\u2029\ufeff\u3000',
  '\u0000',
  'a\u0000b',
  'Café ☕ 🍰 \u202e',
  '\ud800',
  'x\udfffy',
  '🍰'.repeat(3),
  'e\u0301',
  'x\ufe0f',
  '0',
  '100',
  '-0',
  '1e3',
  '0x10',
  ' 42 ',
  'null',
  'true',
  'undefined',
  'NaN',
  '__proto__',
  'constructor',
  "' OR '1'='1",
  '<script>alert(1)</script>',
  '${7*7}',
  '%00',
  '../../etc/passwd',
];

/** Odd values of every JSON type, plus literals only raw JSON can carry. */
export const oddScalar: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom<unknown>(
    null,
    true,
    false,
    [],
    {},
    0,
    1,
    -1,
    0.5,
    1e308,
    -1e308,
    2 ** 31,
    2 ** 53 + 2,
    Number.MAX_SAFE_INTEGER,
    Number.MIN_VALUE,
  ),
  fc.constantFrom(
    RAW('-0'),
    RAW('-0.0'),
    RAW('1e400'),
    RAW('-1e400'),
    RAW('1e-400'),
    RAW('100.0'),
    RAW('1E2'),
    RAW('12345678901234567890'),
  ),
  fc.constantFrom(...NASTY_STRINGS),
  fc.string({ unit: 'binary', maxLength: 12 }),
  fc.string({ unit: fc.constantFrom(...'0123456789'.split('')), minLength: 1, maxLength: 25 }),
  fc.double(),
  fc.integer(),
);

/** 1 to 100 levels of arrays and/or objects around a value. */
const deepValue: fc.Arbitrary<unknown> = fc
  .tuple(fc.integer({ min: 1, max: 100 }), fc.constantFrom('array', 'object', 'mixed'), oddScalar)
  .map(([depth, kind, leaf]) => {
    let value: unknown = leaf;
    for (let level = 0; level < depth; level++) {
      const asArray = kind === 'array' || (kind === 'mixed' && level % 2 === 0);
      value = asArray ? [value] : { a: value };
    }
    return value;
  });

export const oddValue: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 4, arbitrary: oddScalar },
  { weight: 1, arbitrary: deepValue },
  { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 2 }) },
);

/** Strings near a field's limits: empty, blank, padded, emoji, NUL, lone surrogates, max ± 2. */
export function textLike(max: number): fc.Arbitrary<string> {
  return fc.oneof(
    { weight: 4, arbitrary: fc.string({ maxLength: Math.min(max + 2, 40) }) },
    { weight: 2, arbitrary: fc.string({ unit: 'grapheme', maxLength: 12 }) },
    { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 12 }) },
    { weight: 1, arbitrary: fc.constantFrom(...NASTY_STRINGS) },
    {
      weight: 2,
      arbitrary: fc
        .tuple(
          fc.constantFrom('a', '🍰', 'é', ' ', 'x\ufe0f', 'e\u0301'),
          fc.integer({ min: max - 2, max: max + 2 }),
        )
        .map(([unit, n]) => unit.repeat(Math.max(n, 0))),
    },
    {
      weight: 1,
      arbitrary: fc
        .tuple(
          fc.constantFrom(' ', '\t', '\u00a0', '\n', '\ufeff'),
          fc.string({ minLength: 1, maxLength: 10 }),
        )
        .map(([pad, core]) => `${pad}${core}${pad}`),
    },
  );
}

/** Characters that hide or reorder others: zero-width, joiners, BOM, bidi marks and overrides. */
const INVISIBLES = ['\u200b', '\u200c', '\u200d', '\u2060', '\ufeff', '\u200e', '\u202e', '\u2066'];
/** Letters of other scripts drawn like Latin a, e, o, p, c (Cyrillic, Greek, Armenian). */
const LOOK_ALIKES: Record<string, string> = {
  a: '\u0430',
  e: '\u0435',
  o: '\u03bf',
  p: '\u0440',
  c: 'ϲ',
  u: '\u057d',
};

/** Forms of an address that must find its account, and look-alikes that must be refused. */
export function emailForms(address: fc.Arbitrary<string>): fc.Arbitrary<string> {
  return fc.oneof(
    address.map((email) => email.toUpperCase()),
    address.map((email) =>
      email.replace(/[a-z]/g, (c) => String.fromCodePoint(c.codePointAt(0)! + 0xfee0)),
    ),
    address.map((email) => email.replace(/e/, '\u00e9').normalize('NFD')),
    address.map((email) => email.replace(/e/, '\u00e9')),
    fc
      .tuple(address, fc.constantFrom(...INVISIBLES), fc.nat())
      .map(
        ([email, char, at]) =>
          `${email.slice(0, at % email.length)}${char}${email.slice(at % email.length)}`,
      ),
    fc
      .tuple(address, fc.constantFrom(...Object.keys(LOOK_ALIKES)))
      .map(([email, letter]) => email.replace(letter, LOOK_ALIKES[letter])),
  );
}
