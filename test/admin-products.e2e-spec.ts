import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { AdminProductsService } from '../src/admin-products/admin-products.service.js';
import { Role } from '../src/auth/role.enum.js';
import { invalid, JSON_TYPE, malformedId, problem, PROBLEM_JSON } from './support/problems.js';
import { TIMESTAMP, UUID } from './support/matchers.js';
import { type PageBody, readAllPages } from './support/pages.js';
import { createTestApp } from './support/test-app.js';
import { bearer, signIn } from './support/users.js';

interface ProductBody {
  id: string;
  name: string;
  priceCents: number;
  description: string | null;
  createdAt: string;
  updatedAt: string;
}

const productNotFound = (instance: string) =>
  problem('not-found', 404, 'Not Found', 'Product not found.', instance);

const uniqueName = () => `Product ${randomUUID()}`;

describe('Products: public catalogue and admin-only editing', () => {
  let app: NestFastifyApplication;
  const http = () => request(app.getHttpServer());

  // Booting starts a fresh embedded PostgreSQL: seconds on a busy machine.
  beforeAll(async () => {
    app = await createTestApp();
  }, 60_000);

  afterAll(async () => {
    await app.close();
  });

  /** A product made straight in the store, returned as the API renders it. */
  async function seedProduct(
    input: { name?: string; priceCents?: number; description?: string } = {},
  ): Promise<ProductBody> {
    const product = await app
      .get(AdminProductsService)
      .create({ name: uniqueName(), priceCents: 1_234, ...input });
    return JSON.parse(JSON.stringify(product)) as ProductBody;
  }

  async function adminToken(): Promise<string> {
    return (await signIn(app, [Role.User, Role.Admin])).accessToken;
  }

  async function shopperToken(): Promise<string> {
    return (await signIn(app, [Role.User])).accessToken;
  }

  function createProduct(token: string, body: object) {
    return http().post('/admin/products').set(bearer(token)).send(body);
  }

  function updateProduct(token: string, id: string, body: object) {
    return http().patch(`/admin/products/${id}`).set(bearer(token)).send(body);
  }

  function deleteProduct(token: string, id: string) {
    return http().delete(`/admin/products/${id}`).set(bearer(token));
  }

  /** The whole catalogue, read page by page. */
  async function catalogue(): Promise<ProductBody[]> {
    const { items } = await readAllPages(async (cursor) => {
      const response = await http()
        .get('/products')
        .query({ limit: 100, ...(cursor && { cursor }) })
        .expect(200);
      return response.body as PageBody<ProductBody>;
    });
    return items;
  }

  /** The public catalogue still serves `product` exactly as given. */
  async function expectServed(product: ProductBody) {
    const fetched = await http().get(`/products/${product.id}`).expect(200);
    expect(fetched.body).toEqual(product);
  }

  describe('public catalogue', () => {
    it('lists products to an anonymous caller', async () => {
      const product = await seedProduct({ description: 'Listed.' });

      const response = await http().get('/products').expect(200);

      expect(response.headers['content-type']).toBe(JSON_TYPE);
      const { items } = response.body as PageBody<ProductBody>;
      expect(Object.keys(response.body).sort()).toEqual(['items', 'nextCursor']);
      expect(items.length).toBeGreaterThan(0);
      expect((await catalogue()).filter((p) => p.id === product.id)).toEqual([product]);
      for (const item of items) {
        expect(Object.keys(item).sort()).toEqual([
          'createdAt',
          'description',
          'id',
          'name',
          'priceCents',
          'updatedAt',
        ]);
      }
    });

    it('returns one product to an anonymous caller', async () => {
      const product = await seedProduct({ name: 'Tamper', priceCents: 3_500 });

      const response = await http().get(`/products/${product.id}`).expect(200);

      expect(response.headers['content-type']).toBe(JSON_TYPE);
      expect(response.body).toEqual({
        id: product.id,
        name: 'Tamper',
        priceCents: 3_500,
        description: null,
        createdAt: product.createdAt,
        updatedAt: product.updatedAt,
      });
    });

    it('answers 404 for an unknown id', async () => {
      const id = randomUUID();

      const response = await http().get(`/products/${id}`).expect(404);

      expect(response.headers['content-type']).toBe(PROBLEM_JSON);
      expect(response.body).toEqual(productNotFound(`/products/${id}`));
    });

    it('answers 400 for an id that is not a uuid', async () => {
      const response = await http().get('/products/not-a-uuid').expect(400);

      expect(response.headers['content-type']).toBe(PROBLEM_JSON);
      expect(response.body).toEqual(malformedId('/products/not-a-uuid'));
    });
  });

  describe('admin editing', () => {
    it('creates a product (201), trimming the name, and serves it publicly', async () => {
      const token = await adminToken();

      const response = await createProduct(token, {
        name: '  Kettle  ',
        priceCents: 4_900,
        description: 'Gooseneck.',
      }).expect(201);

      expect(response.headers['content-type']).toBe(JSON_TYPE);
      expect(response.body).toEqual({
        id: UUID,
        name: 'Kettle',
        priceCents: 4_900,
        description: 'Gooseneck.',
        createdAt: TIMESTAMP,
        updatedAt: TIMESTAMP,
      });
      const created = response.body as ProductBody;
      expect(created.updatedAt).toBe(created.createdAt);
      await expectServed(created);
    });

    it('creates a product without a description, at the price bounds', async () => {
      const token = await adminToken();
      const name = uniqueName();

      const free = await createProduct(token, { name, priceCents: 0 }).expect(201);
      const dearest = await createProduct(token, { name, priceCents: 100_000_000 }).expect(201);

      const expected = (priceCents: number) => ({
        id: UUID,
        name,
        priceCents,
        description: null,
        createdAt: TIMESTAMP,
        updatedAt: TIMESTAMP,
      });
      expect(free.body).toEqual(expected(0));
      expect(dearest.body).toEqual(expected(100_000_000));
    });

    it('updates only the fields sent (200), keeping the others and moving updatedAt', async () => {
      const token = await adminToken();
      const product = await seedProduct({ description: 'Before.' });

      const response = await updateProduct(token, product.id, { priceCents: 999 }).expect(200);

      expect(response.headers['content-type']).toBe(JSON_TYPE);
      expect(response.body).toEqual({
        id: product.id,
        name: product.name,
        priceCents: 999,
        description: 'Before.',
        createdAt: product.createdAt,
        updatedAt: TIMESTAMP,
      });
      const updated = response.body as ProductBody;
      expect(Date.parse(updated.updatedAt)).toBeGreaterThan(Date.parse(product.updatedAt));
      await expectServed(updated);
    });

    it('updates every field at once', async () => {
      const token = await adminToken();
      const product = await seedProduct();

      const response = await updateProduct(token, product.id, {
        name: ' Renamed ',
        priceCents: 1,
        description: 'Now described.',
      }).expect(200);

      expect(response.body).toEqual({
        id: product.id,
        name: 'Renamed',
        priceCents: 1,
        description: 'Now described.',
        createdAt: product.createdAt,
        updatedAt: TIMESTAMP,
      });
    });

    it('answers 404 when updating an unknown product, 400 for a malformed id', async () => {
      const token = await adminToken();
      const id = randomUUID();

      const missing = await updateProduct(token, id, { priceCents: 1 }).expect(404);
      const malformed = await updateProduct(token, '42', { priceCents: 1 }).expect(400);

      expect(missing.headers['content-type']).toBe(PROBLEM_JSON);
      expect(missing.body).toEqual(productNotFound(`/admin/products/${id}`));
      expect(malformed.headers['content-type']).toBe(PROBLEM_JSON);
      expect(malformed.body).toEqual(malformedId('/admin/products/42'));
    });

    it('deletes a product (204, empty body); it is then gone', async () => {
      const token = await adminToken();
      const product = await seedProduct();

      const response = await deleteProduct(token, product.id).expect(204);

      expect(response.text).toBe('');
      const fetched = await http().get(`/products/${product.id}`).expect(404);
      expect(fetched.body).toEqual(productNotFound(`/products/${product.id}`));
      expect((await catalogue()).map((p) => p.id)).not.toContain(product.id);
      const again = await deleteProduct(token, product.id).expect(404);
      expect(again.headers['content-type']).toBe(PROBLEM_JSON);
      expect(again.body).toEqual(productNotFound(`/admin/products/${product.id}`));
    });

    it('answers 400 when deleting with a malformed id', async () => {
      const token = await adminToken();

      const response = await deleteProduct(token, 'abc').expect(400);

      expect(response.headers['content-type']).toBe(PROBLEM_JSON);
      expect(response.body).toEqual(malformedId('/admin/products/abc'));
    });
  });

  describe('validation', () => {
    const valid = { name: 'Scale', priceCents: 2_500 };

    it.each([
      [
        'an unknown field',
        { ...valid, id: '00000000-0000-4000-8000-000000000000' },
        [{ field: 'id', messages: ['property id should not exist'] }],
      ],
      [
        'an empty name',
        { ...valid, name: '' },
        [{ field: 'name', messages: ['name must be longer than or equal to 1 characters'] }],
      ],
      [
        'a blank name',
        { ...valid, name: '   ' },
        [{ field: 'name', messages: ['name must be longer than or equal to 1 characters'] }],
      ],
      [
        'a name over 200 characters',
        { ...valid, name: 'n'.repeat(201) },
        [{ field: 'name', messages: ['name must be shorter than or equal to 200 characters'] }],
      ],
      [
        'a missing name',
        { priceCents: 2_500 },
        [
          {
            field: 'name',
            messages: [
              'name must be shorter than or equal to 200 characters',
              'name must be longer than or equal to 1 characters',
              'name must be a string',
            ],
          },
        ],
      ],
      [
        'a NUL character in the name',
        { ...valid, name: 'Scale\u0000' },
        [{ field: 'name', messages: ['name must not contain NUL characters'] }],
      ],
      [
        'a NUL character in the description',
        { ...valid, description: 'Weighs\u0000grams.' },
        [{ field: 'description', messages: ['description must not contain NUL characters'] }],
      ],
      [
        'a fractional price',
        { ...valid, priceCents: 12.5 },
        [{ field: 'priceCents', messages: ['priceCents must be an integer number'] }],
      ],
      [
        'a negative price',
        { ...valid, priceCents: -1 },
        [{ field: 'priceCents', messages: ['priceCents must not be less than 0'] }],
      ],
      [
        'a price sent as a string',
        { ...valid, priceCents: '2500' },
        [
          {
            field: 'priceCents',
            messages: [
              'priceCents must not be greater than 100000000',
              'priceCents must not be less than 0',
              'priceCents must be an integer number',
            ],
          },
        ],
      ],
      [
        'a price over the maximum',
        { ...valid, priceCents: 100_000_001 },
        [{ field: 'priceCents', messages: ['priceCents must not be greater than 100000000'] }],
      ],
      [
        'a price beyond a 32-bit integer',
        { ...valid, priceCents: 2 ** 31 },
        [{ field: 'priceCents', messages: ['priceCents must not be greater than 100000000'] }],
      ],
      [
        'a description over 2000 characters',
        { ...valid, description: 'd'.repeat(2_001) },
        [
          {
            field: 'description',
            messages: ['description must be shorter than or equal to 2000 characters'],
          },
        ],
      ],
    ])('refuses to create with %s (400) and stores nothing', async (_case, body, errors) => {
      const token = await adminToken();
      const before = await app.get(AdminProductsService).count();

      const response = await createProduct(token, body).expect(400);

      expect(response.headers['content-type']).toBe(PROBLEM_JSON);
      expect(response.body).toEqual(invalid('/admin/products', errors));
      expect(await app.get(AdminProductsService).count()).toBe(before);
    });

    it.each([
      [
        'a null name',
        { name: null },
        [
          {
            field: 'name',
            messages: [
              'name must be shorter than or equal to 200 characters',
              'name must be longer than or equal to 1 characters',
              'name must be a string',
            ],
          },
        ],
      ],
      [
        'a null price',
        { priceCents: null },
        [
          {
            field: 'priceCents',
            messages: [
              'priceCents must not be greater than 100000000',
              'priceCents must not be less than 0',
              'priceCents must be an integer number',
            ],
          },
        ],
      ],
      [
        'an unknown field',
        { createdAt: '2000-01-01T00:00:00.000Z' },
        [{ field: 'createdAt', messages: ['property createdAt should not exist'] }],
      ],
      [
        'a negative price',
        { priceCents: -5 },
        [{ field: 'priceCents', messages: ['priceCents must not be less than 0'] }],
      ],
      [
        'a NUL character in the name',
        { name: 'Renamed\u0000' },
        [{ field: 'name', messages: ['name must not contain NUL characters'] }],
      ],
      [
        'an empty name',
        { name: '' },
        [{ field: 'name', messages: ['name must be longer than or equal to 1 characters'] }],
      ],
    ])('refuses to update with %s (400) and changes nothing', async (_case, body, errors) => {
      const token = await adminToken();
      const product = await seedProduct();

      const response = await updateProduct(token, product.id, body).expect(400);

      expect(response.headers['content-type']).toBe(PROBLEM_JSON);
      expect(response.body).toEqual(invalid(`/admin/products/${product.id}`, errors));
      await expectServed(product);
    });

    it('answers 400 problem+json for malformed JSON', async () => {
      const token = await adminToken();

      const response = await http()
        .post('/admin/products')
        .set(bearer(token))
        .set('content-type', 'application/json')
        .send('{"name": ')
        .expect(400);

      expect(response.headers['content-type']).toBe(PROBLEM_JSON);
      expect(response.body).toEqual(
        problem(
          'malformed-request',
          400,
          'Bad Request',
          "Body is not valid JSON but content-type is set to 'application/json'",
          '/admin/products',
        ),
      );
    });
  });

  describe('OpenAPI document', () => {
    it('documents the catalogue without security, and the admin routes with bearer security', async () => {
      const { body } = await http().get('/docs-json').expect(200);
      const paths = body.paths as Record<string, Record<string, { security?: unknown }>>;

      expect(paths['/products'].get.security).toBeUndefined();
      expect(paths['/products/{id}'].get.security).toBeUndefined();
      expect(paths['/admin/products'].post.security).toEqual([{ bearer: [] }]);
      expect(paths['/admin/products/{id}'].patch.security).toEqual([{ bearer: [] }]);
      expect(paths['/admin/products/{id}'].delete.security).toEqual([{ bearer: [] }]);
    });

    it('says what the update accepts: a nullable description, integer cents', async () => {
      const { body } = await http().get('/docs-json').expect(200);
      const product = (body as { components: { schemas: Record<string, { properties: object }> } })
        .components.schemas['UpdateProductDto'].properties;
      expect(product).toMatchObject({
        description: expect.objectContaining({ nullable: true }),
        priceCents: expect.objectContaining({ type: 'integer' }),
      });
    });
  });

  describe('access decisions', () => {
    it('lets a shopper read the public catalogue with their token', async () => {
      const token = await shopperToken();
      const product = await seedProduct();

      const response = await http().get(`/products/${product.id}`).set(bearer(token)).expect(200);

      expect(response.body).toEqual(product);
    });
  });
});
