import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { asc, like, sql } from 'drizzle-orm';
import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { Role } from '../src/auth/role.enum.js';
import type { Database } from '../src/database/database-connection.js';
import { DRIZZLE } from '../src/database/database.constants.js';
import { users } from '../src/users/users.schema.js';
import {
  BAD_LIMITS,
  CURSOR_ERRORS,
  FORGED_CURSORS,
  onePage,
  type PageBody,
  readAllPages,
  tampered,
} from './support/pages.js';
import { invalid, JSON_TYPE, PROBLEM_JSON } from './support/problems.js';
import { createTestApp } from './support/test-app.js';
import { bearer, signIn } from './support/users.js';

const UNKNOWN_ROLE = `role must be one of the following values: ${Object.values(Role).join(', ')}`;

interface UserItem {
  id: string;
  email: string;
  roles: Role[];
}

/** Keyset pagination, shown on the core's list (GET /admin/users); each sample tests its own. */
describe('Pagination of GET /admin/users (e2e)', () => {
  let app: NestFastifyApplication;
  let db: Database;
  let token: string;

  beforeAll(async () => {
    app = await createTestApp();
    db = app.get<Database>(DRIZZLE);
    token = (await signIn(app, [Role.User, Role.Admin])).accessToken;
  });

  afterAll(async () => {
    await app.close();
  });

  /** A prefix no other test's emails start with. */
  const newPrefix = () => `page-${randomUUID().slice(0, 8)}-`;

  /** Users inserted straight into the table (no password hashing: they never sign in). */
  async function insertUsers(
    emails: string[],
    extra: Partial<typeof users.$inferInsert> = {},
  ): Promise<UserItem[]> {
    return db
      .insert(users)
      .values(emails.map((email) => ({ email, passwordHash: 'unused', ...extra })))
      .returning({ id: users.id, email: users.email, roles: users.roles });
  }

  /** The ids starting with `prefix` in the list's order, read straight from the table. */
  async function storedOrder(prefix: string): Promise<string[]> {
    const rows = await db
      .select({ id: users.id })
      .from(users)
      .where(like(users.email, `${prefix}%`))
      .orderBy(asc(users.createdAt), asc(users.id));
    return rows.map((row) => row.id);
  }

  function get(query: Record<string, string>) {
    return request(app.getHttpServer()).get(url(query)).set(bearer(token));
  }

  const url = (query: Record<string, string>) =>
    `/admin/users?${new URLSearchParams(query).toString()}`;

  async function page(query: Record<string, string>): Promise<PageBody<UserItem>> {
    const response = await get(query).expect(200).expect('content-type', JSON_TYPE);
    return response.body as PageBody<UserItem>;
  }

  async function expectRefused(query: Record<string, string>, errors: object[]) {
    const response = await get(query).expect(400).expect('content-type', PROBLEM_JSON);
    expect(response.body).toEqual(invalid(url(query), errors as never));
  }

  describe('limit', () => {
    it('answers 20 items by default, up to 100 on request, with a cursor while more follow', async () => {
      const prefix = newPrefix();
      await insertUsers(Array.from({ length: 25 }, (_, i) => `${prefix}${i}@example.test`));
      const order = await storedOrder(prefix);

      const first = await page({ email: prefix });
      expect(first.items.map((user) => user.id)).toEqual(order.slice(0, 20));
      expect(first.nextCursor).toEqual(expect.any(String));
      const rest = await page({ email: prefix, cursor: first.nextCursor as string });
      expect(rest).toEqual(onePage(rest.items));
      expect(rest.items.map((user) => user.id)).toEqual(order.slice(20));

      expect((await page({ email: prefix, limit: '100' })).items).toHaveLength(25);
      expect((await page({ email: prefix, limit: '25' })).nextCursor).toBeNull();
      const one = await page({ email: prefix, limit: '1' });
      expect(one.items.map((user) => user.id)).toEqual(order.slice(0, 1));
    });

    it.each(BAD_LIMITS)('refuses ?limit=%j with 400', async (limit, messages) => {
      await expectRefused({ limit }, [{ field: 'limit', messages }]);
    });
  });

  describe('order', () => {
    it('reads every row once, in a stable order, while rows are inserted between pages', async () => {
      const prefix = newPrefix();
      const before = await insertUsers([1, 2, 3, 4, 5, 6, 7].map((n) => `${prefix}${n}@x.test`));

      const { items, pages } = await readAllPages(
        (cursor) => page({ email: prefix, limit: '2', ...(cursor && { cursor }) }),
        async (read) => void (await insertUsers([`${prefix}new-${read}@x.test`])),
      );

      const ids = items.map((user) => user.id);
      expect(new Set(ids).size).toBe(ids.length);
      expect(ids).toEqual(await storedOrder(prefix));
      expect(ids.slice(0, before.length).sort()).toEqual(before.map((user) => user.id).sort());
      // The rows inserted while reading are newer: each is read once, after the others.
      expect(pages.length).toBeGreaterThan(4);
      expect(ids.length).toBe(before.length + pages.length - 1);
    });

    it('neither skips nor repeats rows created within the same millisecond', async () => {
      const prefix = newPrefix();
      const created = [
        ['a', '2001-02-03T04:05:06.789001Z'],
        ['b', '2001-02-03T04:05:06.789002Z'],
        ['c', '2001-02-03T04:05:06.789002Z'],
        ['d', '2001-02-03T04:05:06.789002Z'],
        ['e', '2001-02-03T04:05:06.789003Z'],
        ['f', '2001-02-03T04:05:06.789999Z'],
      ];
      // Microseconds cannot come from a JS Date: PostgreSQL casts the text.
      await db.insert(users).values(
        created.map(([name, createdAt]) => ({
          email: `${prefix}${name}@x.test`,
          passwordHash: 'unused',
          createdAt: sql`${createdAt}::timestamptz`,
        })),
      );

      const { items, pages } = await readAllPages((cursor) =>
        page({ email: prefix, limit: '1', ...(cursor && { cursor }) }),
      );

      expect(items.map((user) => user.id)).toEqual(await storedOrder(prefix));
      expect(pages).toHaveLength(created.length);
    });
  });

  describe('cursor', () => {
    it.each(FORGED_CURSORS)('refuses a forged cursor (%s) with 400', async (_case, cursor) => {
      await expectRefused({ cursor }, CURSOR_ERRORS);
    });

    it('refuses a cursor altered by one character, or too long to be one', async () => {
      const prefix = newPrefix();
      await insertUsers([`${prefix}1@x.test`, `${prefix}2@x.test`]);
      const { nextCursor } = await page({ email: prefix, limit: '1' });

      await expectRefused(
        { email: prefix, limit: '1', cursor: tampered(nextCursor as string) },
        CURSOR_ERRORS,
      );
      await expectRefused({ cursor: 'A'.repeat(257) }, [
        { field: 'cursor', messages: ['cursor must be shorter than or equal to 256 characters'] },
      ]);
    });

    it('refuses the cursor of another filter: it belongs to the list that issued it', async () => {
      const prefix = newPrefix();
      await insertUsers([`${prefix}1@x.test`, `${prefix}2@x.test`]);
      const { nextCursor } = await page({ email: prefix, limit: '1' });
      const cursor = nextCursor as string;

      await expectRefused({ limit: '1', cursor }, CURSOR_ERRORS);
      await expectRefused({ email: newPrefix(), limit: '1', cursor }, CURSOR_ERRORS);
      await expectRefused({ email: prefix, role: Role.User, cursor }, CURSOR_ERRORS);
      // The same list with another page size is the same list.
      expect((await page({ email: prefix, limit: '5', cursor })).items).toHaveLength(1);
    });
  });

  describe('filters', () => {
    it('matches an email prefix ignoring case, with %, _ and \\ taken literally', async () => {
      const prefix = newPrefix();
      const [underscore, other, percent, backslash] = await insertUsers(
        ['_a', 'xa', '%b', '\\c'].map((local) => `${prefix}${local}@x.test`),
      );
      const emails = async (email: string) => (await page({ email })).items.map((u) => u.email);

      expect(await emails(`${prefix.toUpperCase()}_`)).toEqual([underscore.email]);
      expect(await emails(`  ${prefix}%`)).toEqual([percent.email]);
      expect(await emails(`${prefix}\\`)).toEqual([backslash.email]);
      // Inserted by one statement, they share a creation time: their order is their ids'.
      expect((await emails(prefix)).sort()).toEqual(
        [underscore, other, percent, backslash].map((u) => u.email).sort(),
      );
      expect(await emails(`${prefix}q`)).toEqual([]);
    });

    it('filters by role, together with the prefix', async () => {
      const prefix = newPrefix();
      const [shopper] = await insertUsers([`${prefix}shopper@x.test`]);
      const [admin] = await insertUsers([`${prefix}admin@x.test`], {
        roles: [Role.User, Role.Admin],
      });
      const [onlyAdmin] = await insertUsers([`${prefix}only@x.test`], { roles: [Role.Admin] });

      // In the list's order: rows made within one clock tick tie on created_at and go by id.
      const order = await storedOrder(prefix);
      const listed = (...list: UserItem[]) =>
        onePage(
          list
            .sort((a, b) => order.indexOf(a.id) - order.indexOf(b.id))
            .map((user) => expect.objectContaining(user)),
        );
      expect(await page({ email: prefix, role: Role.Admin })).toEqual(listed(admin, onlyAdmin));
      expect(await page({ email: prefix, role: Role.User })).toEqual(listed(shopper, admin));
    });

    it.each([
      ['an unknown role', { role: 'root' }, 'role', [UNKNOWN_ROLE]],
      ['two roles', { role: 'user,admin' }, 'role', [UNKNOWN_ROLE]],
      [
        'an email prefix over 254 characters',
        { email: 'e'.repeat(255) },
        'email',
        ['email must be shorter than or equal to 254 characters'],
      ],
      ['an unknown parameter', { sort: 'email' }, 'sort', ['property sort should not exist']],
    ])('refuses %s with 400', async (_case, query, field, messages) => {
      await expectRefused(query, [{ field, messages }]);
    });
  });
});
