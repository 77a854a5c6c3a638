import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import request from 'supertest';
import { createTestApp } from './support/test-app.js';

interface Operation {
  operationId?: string;
  summary?: string;
  security?: Record<string, string[]>[];
  responses: Record<string, { content?: Record<string, { schema: { $ref?: string } }> }>;
}

/** The public operations; everything else must document bearer security. */
const PUBLIC = new Set([
  'GET /health',
  'GET /health/live',
  'POST /auth/register',
  'POST /auth/login',
  'POST /auth/refresh',
  'GET /products',
  'GET /products/{id}',
]);
const ADMIN_ONLY = /^(GET|POST|PATCH|DELETE) \/admin\//;

describe('OpenAPI document (e2e)', () => {
  let app: NestFastifyApplication;
  let operations: [string, Operation][];

  beforeAll(async () => {
    app = await createTestApp();
    const { body } = await request(app.getHttpServer()).get('/docs-json').expect(200);
    operations = Object.entries(body.paths as Record<string, Record<string, Operation>>).flatMap(
      ([path, methods]) =>
        Object.entries(methods).map(
          ([method, operation]) =>
            [`${method.toUpperCase()} ${path}`, operation] as [string, Operation],
        ),
    );
  });

  afterAll(async () => {
    await app.close();
  });

  it('serves Swagger UI at /docs', async () => {
    const response = await request(app.getHttpServer()).get('/docs').redirects(1).expect(200);
    expect(response.text).toContain('swagger-ui');
  });

  it('documents every route with an operationId and a summary', () => {
    expect(operations.length).toBeGreaterThanOrEqual(20);
    for (const [name, operation] of operations) {
      expect({
        name,
        operationId: typeof operation.operationId,
        summary: typeof operation.summary,
      }).toEqual({
        name,
        operationId: 'string',
        summary: 'string',
      });
    }
  });

  it('gives public operations no security, and every other one bearer security and a 401', () => {
    for (const [name, operation] of operations) {
      if (PUBLIC.has(name)) {
        expect({ name, security: operation.security }).toEqual({ name, security: undefined });
      } else {
        expect({ name, security: operation.security }).toEqual({
          name,
          security: [{ bearer: [] }],
        });
        expect({ name, has401: '401' in operation.responses }).toEqual({ name, has401: true });
      }
    }
  });

  it('documents 403 exactly on the role-restricted operations', () => {
    for (const [name, operation] of operations) {
      expect({ name, has403: '403' in operation.responses }).toEqual({
        name,
        has403: ADMIN_ONLY.test(name),
      });
    }
  });

  it('describes error responses with the problem+json schema', () => {
    for (const [name, operation] of operations) {
      for (const [status, response] of Object.entries(operation.responses)) {
        if (Number(status) < 400) continue;
        expect({ name, status, content: response.content }).toEqual({
          name,
          status,
          content: {
            'application/problem+json': {
              schema: { $ref: '#/components/schemas/ProblemDetailsDto' },
            },
          },
        });
      }
    }
  });
});
