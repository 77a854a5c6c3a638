import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { asc } from 'drizzle-orm';
import request from 'supertest';
import { products } from '../src/admin-products/admin-products.schema.js';
import { AdminProductsService } from '../src/admin-products/admin-products.service.js';
import { Role } from '../src/auth/role.enum.js';
import type { Database } from '../src/database/database-connection.js';
import { DRIZZLE } from '../src/database/database.constants.js';
import {
  BAD_LIMITS,
  CURSOR_ERRORS,
  FORGED_CURSORS,
  type PageBody,
  readAllPages,
  tampered,
} from './support/pages.js';
import { invalid, JSON_TYPE, PROBLEM_JSON } from './support/problems.js';
import { createTestApp } from './support/test-app.js';
import { bearer, signIn } from './support/users.js';

interface ProductItem {
  id: string;
  name: string;
}

describe('Pagination of GET /products (e2e)', () => {
  let app: NestFastifyApplication;
  const url = (query: Record<string, string>) =>
    `/products?${new URLSearchParams(query).toString()}`;

  beforeAll(async () => {
    app = await createTestApp();
  });

  afterAll(async () => {
    await app.close();
  });

  async function page(query: Record<string, string>): Promise<PageBody<ProductItem>> {
    const response = await request(app.getHttpServer())
      .get(url(query))
      .expect(200)
      .expect('content-type', JSON_TYPE);
    return response.body as PageBody<ProductItem>;
  }

  async function expectRefused(query: Record<string, string>, errors: object[]) {
    const response = await request(app.getHttpServer())
      .get(url(query))
      .expect(400)
      .expect('content-type', PROBLEM_JSON);
    expect(response.body).toEqual(invalid(url(query), errors as never));
  }

  const addProducts = (count: number, label: string) =>
    app
      .get<Database>(DRIZZLE)
      .insert(products)
      .values(Array.from({ length: count }, (_, i) => ({ name: `${label} ${i}`, priceCents: i })));

  async function storedOrder(): Promise<string[]> {
    const rows = await app
      .get<Database>(DRIZZLE)
      .select({ id: products.id })
      .from(products)
      .orderBy(asc(products.createdAt), asc(products.id));
    return rows.map((row) => row.id);
  }

  it('answers 20 products by default and up to 100 on request, oldest first', async () => {
    await addProducts(25, 'Bulk');
    const order = await storedOrder();

    const first = await page({});
    expect(first.items.map((product) => product.id)).toEqual(order.slice(0, 20));
    expect(first.nextCursor).toEqual(expect.any(String));
    const large = await page({ limit: '100' });
    expect(large.items.map((product) => product.id)).toEqual(order.slice(0, 100));
  });

  it.each(BAD_LIMITS)('refuses ?limit=%j with 400', async (limit, messages) => {
    await expectRefused({ limit }, [{ field: 'limit', messages }]);
  });

  it('reads the whole catalogue once, in a stable order, while products are added between pages', async () => {
    await addProducts(9, 'Before');
    const before = await storedOrder();
    const service = app.get(AdminProductsService);

    const { items, pages } = await readAllPages(
      (cursor) => page({ limit: '7', ...(cursor && { cursor }) }),
      async (read) =>
        void (await service.create({ name: `Added after page ${read}`, priceCents: 1 })),
    );

    const ids = items.map((product) => product.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids).toEqual(await storedOrder());
    expect(ids.slice(0, before.length)).toEqual(before);
    expect(ids.length).toBe(before.length + pages.length - 1);
  });

  it.each(FORGED_CURSORS)('refuses a forged cursor (%s) with 400', async (_case, cursor) => {
    await expectRefused({ cursor }, CURSOR_ERRORS);
  });

  it('refuses an altered cursor, and the cursor of another list', async () => {
    await addProducts(2, 'Cursor');
    const { nextCursor } = await page({ limit: '1' });
    const admin = await signIn(app, [Role.User, Role.Admin]);
    const users = await request(app.getHttpServer())
      .get('/admin/users?limit=1')
      .set(bearer(admin.accessToken))
      .expect(200);
    const usersCursor = (users.body as PageBody<unknown>).nextCursor as string;

    await expectRefused({ limit: '1', cursor: tampered(nextCursor as string) }, CURSOR_ERRORS);
    await expectRefused({ limit: '1', cursor: usersCursor }, CURSOR_ERRORS);
  });
});
