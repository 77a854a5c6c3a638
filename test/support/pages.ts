// The page shape every list answers, and what the pagination specs share.
import { INVALID_CURSOR } from '../../src/pagination/pagination.service.js';
import type { FieldError } from './problems.js';

export interface PageBody<T> {
  items: T[];
  nextCursor: string | null;
}

/** A whole list on one page. */
export const onePage = <T>(items: T[]): PageBody<T> => ({ items, nextCursor: null });

/** The field error of a cursor the list did not issue (or not unchanged). */
export const CURSOR_ERRORS: FieldError[] = [{ field: 'cursor', messages: [INVALID_CURSOR] }];

const LIMIT_NOT_AN_INTEGER = [
  'limit must not be greater than 100',
  'limit must not be less than 1',
  'limit must be an integer number',
];

/** `?limit=` values refused with 400, and the messages on the field `limit`. */
export const BAD_LIMITS: [string, string[]][] = [
  ['0', ['limit must not be less than 1']],
  ['101', ['limit must not be greater than 100']],
  ['99999999999999999999', ['limit must not be greater than 100']],
  ['-1', LIMIT_NOT_AN_INTEGER],
  ['2.5', LIMIT_NOT_AN_INTEGER],
  ['1e1', LIMIT_NOT_AN_INTEGER],
  ['ten', LIMIT_NOT_AN_INTEGER],
  ['', LIMIT_NOT_AN_INTEGER],
];

const SOME_UUID = '00000000-0000-4000-8000-000000000000';

/** `?cursor=` values no list issued, whatever list they are sent to. */
export const FORGED_CURSORS: [string, string][] = [
  ['garbage', 'not-a-cursor'],
  ['base64url JSON without a signature', base64url(['2026-01-01T00:00:00.000000Z', SOME_UUID])],
  [
    'base64url JSON with a made-up signature',
    `${base64url(['2026-01-01T00:00:00.000000Z', SOME_UUID])}.${'A'.repeat(22)}`,
  ],
  ['a SQL fragment', "'; select * from users; --"],
  ['the empty string', ''],
];

function base64url(value: unknown): string {
  return Buffer.from(JSON.stringify(value)).toString('base64url');
}

/** The cursor with one character of its payload changed: its signature no longer matches. */
export function tampered(cursor: string): string {
  const index = Math.floor(cursor.indexOf('.') / 2);
  const replacement = cursor[index] === 'A' ? 'B' : 'A';
  return `${cursor.slice(0, index)}${replacement}${cursor.slice(index + 1)}`;
}

/**
 * Follows `nextCursor` from the first page to the last, calling `between` after each page but the
 * last (to change the list while it is read). Fails past `maxPages`, so a loop cannot hang a test.
 */
export async function readAllPages<T>(
  fetchPage: (cursor: string | undefined) => Promise<PageBody<T>>,
  between: (pagesRead: number) => Promise<void> = async () => undefined,
  maxPages = 100,
): Promise<{ items: T[]; pages: PageBody<T>[] }> {
  const pages: PageBody<T>[] = [];
  let cursor: string | undefined;
  do {
    if (pages.length === maxPages) throw new Error(`more than ${maxPages} pages`);
    const page = await fetchPage(cursor);
    pages.push(page);
    cursor = page.nextCursor ?? undefined;
    if (cursor !== undefined) await between(pages.length);
  } while (cursor !== undefined);
  return { items: pages.flatMap((page) => page.items), pages };
}
