import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import request from 'supertest';
import { createTestApp, PRODUCTION_ENV } from './support/test-app.js';

describe('Products in production (NODE_ENV=production)', () => {
  let app: NestFastifyApplication;

  beforeAll(async () => {
    app = await createTestApp({
      env: {
        ...PRODUCTION_ENV,
        FIRST_ADMIN_EMAIL: 'owner@example.test',
        FIRST_ADMIN_PASSWORD: 'first-admin-password',
      },
    });
  });

  afterAll(async () => {
    await app.close();
  });

  it('seeds no demo products', async () => {
    const products = await request(app.getHttpServer()).get('/products').expect(200);
    expect(products.body).toEqual({ items: [], nextCursor: null });
  });
});
