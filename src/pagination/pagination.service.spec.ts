import { BadRequestException, Logger } from '@nestjs/common';
import type { ConfigService } from '@nestjs/config';
import type { Environment } from '../config/environment.js';
import { INVALID_CURSOR, PaginationService } from './pagination.service.js';

const SECRET = 'a-signing-secret-of-at-least-32-bytes!';
const OTHER_SECRET = 'another-signing-secret-of-32-bytes!!';
const position = {
  createdAt: '2026-03-01T12:34:56.123456Z',
  id: '0b6f1c1e-5f4e-4b8a-9d7c-2a3e4f5a6b7c',
};
const list = ['budgets', '5f3a1c9e-0000-4000-8000-000000000001'];

function service(secrets: { JWT_SECRET?: string; JWT_PREVIOUS_SECRET?: string }) {
  const config = { get: (key: keyof typeof secrets) => secrets[key] };
  return new PaginationService(config as unknown as ConfigService<Environment, true>);
}

/** The cursor with the first character of its payload changed. */
const altered = (cursor: string) => `${cursor[0] === 'W' ? 'X' : 'W'}${cursor.slice(1)}`;

/** A cursor of the issued format, signed with a key the service does not hold. */
const signedElsewhere = (payload: unknown[]) =>
  service({ JWT_SECRET: OTHER_SECRET }).encode(list, {
    createdAt: payload[0] as string,
    id: payload[1] as string,
  });

function catchError(action: () => unknown): unknown {
  try {
    action();
  } catch (error) {
    return error;
  }
  return undefined;
}

describe('PaginationService', () => {
  const pages = service({ JWT_SECRET: SECRET });

  it('gives back the exact position a cursor was made from, to the microsecond', () => {
    const cursor = pages.encode(list, position);
    expect(cursor).toMatch(/^[\w-]+\.[\w-]{22}$/);
    expect(cursor.length).toBeLessThan(128);
    expect(pages.after(list, cursor)).toEqual(position);
    expect(pages.after(list, undefined)).toBeUndefined();
  });

  it('accepts a cursor issued by another instance with the same secret', () => {
    const cursor = service({ JWT_SECRET: SECRET }).encode(list, position);
    expect(pages.decode(list, cursor)).toEqual(position);
  });

  it('accepts, during a key rotation, a cursor signed with the previous secret', () => {
    const rotated = service({ JWT_SECRET: OTHER_SECRET, JWT_PREVIOUS_SECRET: SECRET });
    expect(rotated.decode(list, pages.encode(list, position))).toEqual(position);
    expect(pages.decode(list, rotated.encode(list, position))).toBeUndefined();
  });

  it.each<[string, (cursor: string) => string]>([
    ['altered', altered],
    ['truncated', (cursor) => cursor.slice(0, -1)],
    ['extended', (cursor) => `${cursor}A`],
    ['without its signature', (cursor) => cursor.split('.')[0]],
    ['with a signature of another key', () => signedElsewhere([position.createdAt, position.id])],
    ['empty', () => ''],
    ['not base64url', () => 'not a cursor'],
    ['of another user’s list', () => pages.encode(['budgets', 'someone else'], position)],
    ['of another list', () => pages.encode(['products'], position)],
  ])('refuses a cursor %s with a 400 naming the cursor', (_case, forge) => {
    const cursor = forge(pages.encode(list, position));
    expect(pages.decode(list, cursor)).toBeUndefined();
    const error = catchError(() => pages.after(list, cursor));
    expect(error).toBeInstanceOf(BadRequestException);
    expect((error as BadRequestException).getResponse()).toEqual({
      message: 'The request body or parameters are invalid.',
      errors: [{ field: 'cursor', messages: [INVALID_CURSOR] }],
    });
  });

  it.each([
    ['a timestamp in milliseconds', ['2026-03-01T12:34:56.123Z', position.id]],
    ['an impossible date', ['2026-02-30T12:34:56.123456Z', position.id]],
    ['an hour past 23', ['2026-03-01T24:00:00.000000Z', position.id]],
    ['year zero', ['0000-01-01T00:00:00.000000Z', position.id]],
    ['an offset instead of Z', ['2026-03-01T12:34:56.123456+01', position.id]],
    ['SQL in the timestamp', ["2026-03-01T12:34:56.123456Z'; drop table users;--", position.id]],
    ['an id that is not a uuid', [position.createdAt, 'not-a-uuid']],
    ['an upper-case id', [position.createdAt, position.id.toUpperCase()]],
  ])('refuses, even correctly signed, %s', (_case, payload) => {
    const signed = service({ JWT_SECRET: OTHER_SECRET });
    const cursor = signed.encode(list, { createdAt: payload[0], id: payload[1] });
    expect(signed.decode(list, cursor)).toBeUndefined();
  });

  describe('page', () => {
    const rows = ['a', 'b', 'c'].map((name, index) => ({
      id: `0b6f1c1e-5f4e-4b8a-9d7c-2a3e4f5a6b7${index}`,
      name,
      position: `2026-03-01T12:34:56.12345${index}Z`,
    }));

    it('keeps `limit` rows without their position, and a cursor after the last one', () => {
      const page = pages.page(list, rows, 2);
      expect(page.items).toEqual([
        { id: rows[0].id, name: 'a' },
        { id: rows[1].id, name: 'b' },
      ]);
      expect(pages.after(list, page.nextCursor ?? undefined)).toEqual({
        createdAt: rows[1].position,
        id: rows[1].id,
      });
    });

    it('has no next cursor on the last page, full or not', () => {
      expect(pages.page(list, rows, 3).nextCursor).toBeNull();
      expect(pages.page(list, rows, 5).items).toHaveLength(3);
      expect(pages.page(list, [], 5)).toEqual({ items: [], nextCursor: null });
    });
  });

  it('without JWT_SECRET, issues cursors only it accepts', () => {
    const warn = jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
    const [a, b] = [service({}), service({})];
    expect(a.decode(list, a.encode(list, position))).toEqual(position);
    expect(b.decode(list, a.encode(list, position))).toBeUndefined();
    expect(warn).toHaveBeenCalledWith(
      'JWT_SECRET is not set: page cursors are valid in this process only.',
    );
    warn.mockRestore();
  });
});
