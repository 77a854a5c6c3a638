// Generators of `?limit=&cursor=` values for the paginated lists.
import fc from 'fast-check';
import { BASE64URL, textLike } from './values.js';

/** `?limit=` values: none, integers around the bounds, numbers in other spellings, any text. */
export const pageLimits: fc.Arbitrary<string | undefined> = fc.oneof(
  fc.constant(undefined),
  { weight: 2, arbitrary: fc.integer({ min: -2, max: 102 }).map(String) },
  fc.constantFrom('', ' 5', '5 ', '+5', '05', '1e1', '0x10', '1.0', '2.5', 'NaN', '9'.repeat(40)),
  textLike(8),
);

/** `?cursor=` values: none, real ones, real ones with one character changed, look-alikes, any text. */
export function pageCursors(real: readonly string[]): fc.Arbitrary<string | undefined> {
  const changed = fc
    .tuple(fc.constantFrom(...real), fc.nat(), BASE64URL)
    .map(([cursor, at, unit]) => {
      const index = at % cursor.length;
      return `${cursor.slice(0, index)}${unit}${cursor.slice(index + 1)}`;
    });
  const lookAlike = fc
    .tuple(
      fc.string({ unit: BASE64URL, maxLength: 120 }),
      fc.string({ unit: BASE64URL, minLength: 22, maxLength: 22 }),
    )
    .map(([payload, tag]) => `${payload}.${tag}`);
  return fc.oneof(
    fc.constant(undefined),
    { weight: 2, arbitrary: fc.constantFrom(...real) },
    { weight: 2, arbitrary: changed },
    lookAlike,
    textLike(300),
  );
}
