import { Transform } from 'class-transformer';

/**
 * Strips surrounding whitespace before validation. A non-string passes unchanged, for the
 * property's validators to refuse.
 */
export function Trim(): PropertyDecorator {
  return Transform(({ value }: { value: unknown }) =>
    typeof value === 'string' ? value.trim() : value,
  );
}
