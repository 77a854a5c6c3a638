// Generators of path ids: odd, malformed or unknown segments, and ids that are not the caller's.
import fc from 'fast-check';
import { repeated } from './values.js';

const WELL_KNOWN = [
  '00000000-0000-0000-0000-000000000000',
  'ffffffff-ffff-ffff-ffff-ffffffffffff',
  'FFFFFFFF-FFFF-FFFF-FFFF-FFFFFFFFFFFF',
  '00000000-0000-0000-0000-00000000000',
  '00000000000000000000000000000000',
  '{00000000-0000-4000-8000-000000000000}',
  'urn:uuid:00000000-0000-4000-8000-000000000000',
  '00000000-0000-4000-8000-000000000000 ',
  '00000000-0000-4000-8000-000000000000\n',
  '00000000-0000-9000-8000-000000000000',
  '00000000-0000-4000-c000-000000000000',
  'not-a-uuid',
  '1',
  '-1',
  "1' OR '1'='1",
  '\u0000',
  '%00',
  '🍰',
  '\u202e',
  'constructor',
  '__proto__',
];
const rawSegments = [
  '%ZZ',
  '%',
  '%00',
  '%c0%ae',
  '..%2F..%2Fetc',
  '%E2%80%AE',
  '%2F',
  '%25',
  '%F0%9F%8D%B0',
  '%ff',
];
const encodable = (text: string) => {
  try {
    return encodeURIComponent(text);
  } catch {
    return undefined; // a lone surrogate
  }
};
const segmentArbitrary = fc.oneof(
  fc
    .oneof(
      fc.string({ minLength: 1, maxLength: 60 }),
      fc.string({ unit: 'binary', minLength: 1, maxLength: 40 }),
      fc.uuid(),
      fc.uuid().map((id) => id.toUpperCase()),
      fc.uuid().map((id) => `${id}${id.slice(0, 1)}`),
      fc.constantFrom(...WELL_KNOWN),
      fc.integer({ min: 110, max: 400 }).map((n) => repeated('a', n)),
    )
    .map(encodable)
    .filter((segment): segment is string => segment !== undefined),
  fc.constantFrom(...rawSegments),
);
// A segment the URL parser would resolve (".", "%2e%2e") names no id at all.
const isLiteralSegment = (segment: string) =>
  new URL(`http://localhost/a/b/${segment}`).pathname === `/a/b/${segment}`;

/** Path ids: mostly odd or unknown segments, sometimes one of `foreign` (ids not the caller's). */
export function pathIds(foreign: readonly string[] = []): fc.Arbitrary<string> {
  const odd = segmentArbitrary.filter(isLiteralSegment);
  return foreign.length === 0
    ? odd
    : fc.oneof(
        { weight: 8, arbitrary: odd },
        { weight: 1, arbitrary: fc.constantFrom(...foreign) },
      );
}
