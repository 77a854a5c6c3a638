import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import fc from 'fast-check';
import { EmailPrefix, IsAccountEmail } from './account-email.decorator.js';
import { canonicalEmail } from './account-email.js';

class AccountDto {
  @IsAccountEmail()
  email: unknown;
}

class PrefixDto {
  @EmailPrefix()
  email: unknown;
}

/** The canonical email and the messages of each failed constraint. */
function judge(email: unknown): { email: unknown; messages: string[] } {
  const dto = plainToInstance(AccountDto, { email });
  const messages = validateSync(dto).flatMap((error) => Object.values(error.constraints ?? {}));
  return { email: dto.email, messages };
}

const INVISIBLE = expect.stringMatching(/^email must not contain invisible/);
const MIXED = expect.stringMatching(/^email must not mix letters of different scripts/);

describe('IsAccountEmail', () => {
  it.each([
    ['  Ada@Example.COM\t', 'ada@example.com'],
    ['ａｄａ@ｅｘａｍｐｌｅ.ｃｏｍ', 'ada@example.com'],
    ['𝐚𝐝𝐚@example.com', 'ada@example.com'],
    ['jose\u0301@example.com', 'josé@example.com'],
    ['ada@BÜCHER.de', 'ada@bücher.de'],
    ['ada@xn--bcher-kva.de', 'ada@bücher.de'],
    ['ada@example\u3002com', 'ada@example.com'],
    ['иван@пример.рф', 'иван@пример.рф'],
    ['ada+tag.1-2@sub.example.com', 'ada+tag.1-2@sub.example.com'],
    ['山田@例え.jp', '山田@例え.jp'],
  ])('accepts %p as %p', (input, canonical) => {
    expect(judge(input)).toEqual({ email: canonical, messages: [] });
  });

  it.each([
    ['a Cyrillic а among Latin letters', '\u0430dmin@example.com', MIXED],
    ['a Greek ο among Latin letters', 'bοb@example.com', MIXED],
    ['a Cyrillic о in a domain label', 'bob@ex\u043eample.com', MIXED],
    ['a mixed label hidden in punycode', 'bob@xn--pple-43d.com', MIXED],
    ['a zero-width space', 'ad\u200bmin@example.com', INVISIBLE],
    ['a zero-width space in the domain', 'admin@exam\u200bple.com', INVISIBLE],
    ['a zero-width joiner', 'ad\u200dmin@example.com', INVISIBLE],
    ['a word joiner', 'ad\u2060min@example.com', INVISIBLE],
    ['a BOM inside', 'ad\ufeffmin@example.com', INVISIBLE],
    ['a right-to-left override', 'admin\u202eoc.elpmaxe@example.com', INVISIBLE],
    ['a left-to-right isolate', 'ad\u2066min@example.com', INVISIBLE],
    ['a right-to-left mark', 'ad\u200fmin@example.com', INVISIBLE],
    ['a soft hyphen', 'ad\u00admin@example.com', INVISIBLE],
    ['a variation selector', 'ad\ufe0fmin@example.com', INVISIBLE],
    ['a control character', 'ad\u0007min@example.com', INVISIBLE],
    ['a line separator', 'ad\u2028min@example.com', INVISIBLE],
  ])('refuses %s', (_case, input, message) => {
    expect(judge(input).messages).toContainEqual(message);
  });

  it('refuses a domain IDNA cannot map, and what is not an email', () => {
    expect(judge('ada@xn--zz.com').messages).toEqual([
      'email must have a valid internationalised domain name',
    ]);
    expect(judge('not-an-email').messages).toEqual(['email must be an email']);
  });

  it('refuses an email over 254 characters once canonical', () => {
    const domain = (tld: string) => `${'a'.repeat(60)}.`.repeat(4) + tld;
    expect(judge(`ada@${domain('abcdef')}`).messages).toEqual([]);
    // 254 characters as sent, 255 once NFKC turns ㎞ into km.
    expect(judge(`ada@${domain('abcde㎞')}`).messages).toContain(
      'email must be shorter than or equal to 254 characters',
    );
  });

  it.each([42, null, ['a@example.com']])('leaves %p for the validators to refuse', (value) => {
    const { email, messages } = judge(value);
    expect(email).toEqual(value);
    expect(messages.length).toBeGreaterThan(0);
  });

  it('gives a canonical email its own form again', () => {
    fc.assert(
      fc.property(fc.oneof(fc.emailAddress(), fc.string({ unit: 'grapheme' })), (input) => {
        const once = canonicalEmail(input);
        expect(canonicalEmail(once)).toBe(once);
      }),
    );
  });
});

describe('EmailPrefix', () => {
  it('folds a prefix as account emails are folded', () => {
    expect(plainToInstance(PrefixDto, { email: ' ＡＤＡ@Ex' }).email).toBe('ada@ex');
    expect(plainToInstance(PrefixDto, { email: 7 }).email).toBe(7);
  });
});
