import { applyDecorators } from '@nestjs/common';
import { Transform } from 'class-transformer';
import { IsEmail, MaxLength, ValidateBy } from 'class-validator';
import { canonicalEmail, emailRefusal, foldEmailText } from './account-email.js';

/** The rule, for the OpenAPI description of an account email field. */
export const ACCOUNT_EMAIL_RULE =
  'Compared and stored in one form: NFKC, trimmed, lower-cased, the domain IDNA-mapped. Refused: ' +
  'invisible, control and bidi characters, and a dot-separated part mixing Latin, Greek, ' +
  'Cyrillic, Armenian or Cherokee letters.';

/**
 * An account's email, validated and turned into its canonical form (see `canonicalEmail`), so that
 * look-alikes are refused and the forms of one address find one account. A non-string passes
 * unchanged, for the validators to refuse.
 */
export function IsAccountEmail(): PropertyDecorator {
  return applyDecorators(
    Transform(({ value }: { value: unknown }) =>
      typeof value === 'string' ? canonicalEmail(value) : value,
    ),
    IsEmail(),
    MaxLength(254),
    ValidateBy({
      name: 'isAccountEmail',
      validator: {
        validate: (value: unknown) => typeof value !== 'string' || !emailRefusal(value),
        defaultMessage: (args) => `${args?.property} ${emailRefusal(String(args?.value))}`,
      },
    }),
  );
}

/** The start of an email, folded as account emails are (NFKC, trimmed, lower-cased). */
export function EmailPrefix(): PropertyDecorator {
  return Transform(({ value }: { value: unknown }) =>
    typeof value === 'string' ? foldEmailText(value) : value,
  );
}
