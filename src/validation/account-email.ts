import { domainToASCII, domainToUnicode } from 'node:url';

/**
 * Characters that show nothing, or hide or reorder others: controls (Cc), format characters (Cf:
 * zero-width space, joiners, word joiner, BOM, bidi marks, embeddings, overrides and isolates),
 * separators (Z), unassigned and private-use code points, and the other default-ignorable ones
 * (variation selectors, Hangul fillers).
 */
const INVISIBLE = /[\p{Cc}\p{Cf}\p{Z}\p{Cn}\p{Co}\p{Default_Ignorable_Code_Point}]/u;

/** Scripts with letters drawn like Latin ones (Cyrillic а, Greek ο, Armenian օ, Cherokee Ꭺ). */
const LOOK_ALIKE_SCRIPTS = [
  /\p{Script_Extensions=Latin}/u,
  /\p{Script_Extensions=Greek}/u,
  /\p{Script_Extensions=Cyrillic}/u,
  /\p{Script_Extensions=Armenian}/u,
  /\p{Script_Extensions=Cherokee}/u,
];
const EVERY_SCRIPT = (1 << LOOK_ALIKE_SCRIPTS.length) - 1;

/** NFKC, trimmed, lower-cased: full-width and styled letters become the plain ones. */
export function foldEmailText(text: string): string {
  return text.normalize('NFKC').trim().toLowerCase().normalize('NFKC');
}

/**
 * The one form an account email is stored, compared and throttled under: folded, with the domain
 * in the Unicode form of its IDNA (UTS #46) mapping, so `bücher.de`, `BÜCHER.de` and
 * `xn--bcher-kva.de` are one domain and a punycode label shows the letters it stands for. A domain
 * holding invisible characters is left as it is: IDNA would drop them unseen, and the validator
 * refuses them.
 */
export function canonicalEmail(email: string): string {
  const text = foldEmailText(email);
  const at = text.lastIndexOf('@');
  const domain = text.slice(at + 1);
  if (at < 0 || INVISIBLE.test(domain)) return text;
  const unicode = unicodeDomain(domain);
  return unicode === undefined ? text : `${text.slice(0, at + 1)}${unicode}`;
}

/**
 * The Unicode form of a domain's IDNA mapping, or undefined when IDNA cannot map it. Newer Node
 * versions pass a punycode label that decodes to nothing valid (`xn--zz`) through unchanged where
 * Node 20 refused it, so a label still spelled `xn--` after the round trip is refused here.
 */
function unicodeDomain(domain: string): string | undefined {
  const ascii = domainToASCII(domain);
  if (ascii === '') return undefined;
  const unicode = domainToUnicode(ascii);
  return unicode.split('.').some((label) => label.startsWith('xn--')) ? undefined : unicode;
}

/** Why a canonical email is refused as an account's, past the syntax `isEmail` judges. */
export function emailRefusal(email: string): string | undefined {
  if (INVISIBLE.test(email)) {
    return 'must not contain invisible, spacing or control characters (such as a zero-width space or a bidi override)';
  }
  const domain = email.slice(email.lastIndexOf('@') + 1);
  if (email.includes('@') && domain !== '' && unicodeDomain(domain) === undefined) {
    return 'must have a valid internationalised domain name';
  }
  if (email.split(/[.@]/).some(mixesScripts)) {
    return 'must not mix letters of different scripts (such as Latin and Cyrillic) in one dot-separated part';
  }
  return undefined;
}

/**
 * True when the label's letters share no script among the look-alike ones, by Unicode
 * Script_Extensions as UTS #39 resolves them: each character narrows the scripts the label can be
 * in; digits, punctuation and marks used by any script do not narrow it.
 */
function mixesScripts(label: string): boolean {
  let shared = EVERY_SCRIPT;
  for (const char of label) {
    const scripts = LOOK_ALIKE_SCRIPTS.reduce(
      (mask, script, index) => (script.test(char) ? mask | (1 << index) : mask),
      0,
    );
    if (scripts !== 0) shared &= scripts;
  }
  return shared === 0;
}
