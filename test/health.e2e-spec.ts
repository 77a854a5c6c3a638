import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import request from 'supertest';
import { createTestApp } from './support/test-app.js';

describe('GET /health', () => {
  let app: NestFastifyApplication;

  beforeAll(async () => {
    app = await createTestApp();
  });

  afterAll(async () => {
    await app.close();
  });

  it('is public and reports the database', async () => {
    const driver = process.env.DATABASE_URL ? 'postgres' : 'pglite';
    const response = await request(app.getHttpServer()).get('/health').expect(200);
    expect(response.body).toEqual({
      status: 'ok',
      info: { database: { status: 'up', driver } },
      error: {},
      details: { database: { status: 'up', driver } },
    });
  });
});
