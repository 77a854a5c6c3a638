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

  it('is public and reports readiness: the database, and Redis when configured', async () => {
    const driver = process.env.DATABASE_URL ? 'postgres' : 'pglite';
    const checks = {
      database: { status: 'up', driver },
      ...(process.env.REDIS_URL && { redis: { status: 'up' } }),
    };
    const response = await request(app.getHttpServer()).get('/health').expect(200);
    expect(response.headers['cache-control']).toBe('no-store');
    expect(response.body).toEqual({ status: 'ok', info: checks, error: {}, details: checks });
  });

  it('reports liveness apart, with no dependency', async () => {
    const response = await request(app.getHttpServer()).get('/health/live').expect(200);
    expect(response.body).toEqual({ status: 'ok', info: {}, error: {}, details: {} });
  });
});
