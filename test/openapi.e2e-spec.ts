import SwaggerParser from '@apidevtools/swagger-parser';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import request from 'supertest';
import { collectRoutes, type RouteAccess } from '../src/access/route-inventory.js';
import { Role } from '../src/auth/role.enum.js';
import { missingRole } from '../src/auth/roles.guard.js';
import { FORBIDDEN_BY_LOGIC } from './support/refusals.js';
import { createTestApp } from './support/test-app.js';

interface Operation {
  operationId?: string;
  summary?: string;
  security?: Record<string, string[]>[];
  parameters?: { name: string; in: string; required?: boolean; schema?: object }[];
  requestBody?: { required?: boolean };
  responses: Record<
    string,
    {
      content?: Record<string, { schema: Schema; example?: { detail?: string } }>;
      headers?: Record<string, unknown>;
    }
  >;
}

interface Schema {
  $ref?: string;
  type?: string;
  allOf?: Schema[];
}

interface Document {
  openapi: string;
  paths: Record<string, Record<string, Operation>>;
  components?: {
    schemas?: Record<string, { required?: string[]; properties?: Record<string, object> }>;
  };
}

/** The public operations of the starter itself; any module may add more. */
const CORE_PUBLIC = [
  'GET /health',
  'GET /health/live',
  'POST /auth/register',
  'POST /auth/login',
  'POST /auth/refresh',
  'POST /auth/password/forgot',
  'POST /auth/password/reset',
  'POST /auth/email/verify',
];

const PROBLEM_SCHEMA = 'ProblemDetailsDto';
const PAGE_SCHEMA = 'PageDto';

/** The validator's own document type (from openapi-types, which it depends on). */
type OpenApiInput = NonNullable<Parameters<SwaggerParser.ApiCallback>[1]>;

/** A route as the OpenAPI document names its operation: `GET /admin/users/{id}`. */
const operationName = (route: RouteAccess) =>
  `${route.method} ${route.path.replace(/:(\w+)/g, '{$1}')}`;

describe('OpenAPI document (e2e)', () => {
  let app: NestFastifyApplication;
  let document: Document;
  let operations: [string, Operation][];
  let routes: RouteAccess[];
  /** Public and role-restricted operations, as the guards judge them (see the access matrix). */
  let publicOperations: Set<string>;
  let roleRestricted: Set<string>;

  beforeAll(async () => {
    app = await createTestApp();
    document = (await request(app.getHttpServer()).get('/docs-json').expect(200)).body as Document;
    operations = Object.entries(document.paths).flatMap(([path, methods]) =>
      Object.entries(methods).map(
        ([method, operation]) =>
          [`${method.toUpperCase()} ${path}`, operation] as [string, Operation],
      ),
    );
    routes = collectRoutes(app);
    publicOperations = new Set(routes.filter((r) => r.access === 'public').map(operationName));
    roleRestricted = new Set(routes.filter((r) => typeof r.access === 'object').map(operationName));
  });

  afterAll(async () => {
    await app.close();
  });

  it('serves Swagger UI at /docs', async () => {
    const response = await request(app.getHttpServer()).get('/docs').redirects(1).expect(200);
    expect(response.text).toContain('swagger-ui');
  });

  it('is a valid OpenAPI 3 document', async () => {
    // The validator dereferences its input in place: it gets a copy.
    const validated = await SwaggerParser.validate(
      structuredClone(document) as unknown as OpenApiInput,
    );
    expect('openapi' in validated && validated.openapi).toMatch(/^3\.\d+\.\d+$/);
  });

  it('documents every route, each with an operationId and a summary', () => {
    expect(operations.map(([name]) => name).sort()).toEqual(routes.map(operationName).sort());
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
    const operationIds = operations.map(([, operation]) => operation.operationId);
    expect(new Set(operationIds).size).toBe(operationIds.length);
  });

  // The validator does not check this for OpenAPI 3.
  it('declares each path template parameter, and only those, as a required path parameter', () => {
    for (const [name, operation] of operations) {
      const inTemplate = [...name.matchAll(/\{(\w+)\}/g)].map(([, parameter]) => parameter);
      const declared = (operation.parameters ?? [])
        .filter((parameter) => parameter.in === 'path' && parameter.required === true)
        .map((parameter) => parameter.name);
      expect({ name, parameters: declared.sort() }).toEqual({
        name,
        parameters: inTemplate.sort(),
      });
    }
  });

  it('gives public operations no security, and every other one bearer security and a 401', () => {
    expect([...publicOperations]).toEqual(expect.arrayContaining(CORE_PUBLIC));
    for (const [name, operation] of operations) {
      if (publicOperations.has(name)) {
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

  it('documents 403 exactly on the role-restricted operations and those that refuse otherwise', () => {
    expect(roleRestricted).toContain('GET /admin/users');
    for (const [name, operation] of operations) {
      expect({ name, has403: '403' in operation.responses }).toEqual({
        name,
        has403: roleRestricted.has(name) || FORBIDDEN_BY_LOGIC.includes(name),
      });
    }
  });

  it('describes every 4xx and 5xx response with the problem+json schema', () => {
    expect(document.components?.schemas?.[PROBLEM_SCHEMA]?.required).toEqual(
      expect.arrayContaining(['type', 'title', 'status', 'detail', 'instance', 'requestId']),
    );
    for (const [name, operation] of operations) {
      for (const [status, response] of Object.entries(operation.responses)) {
        if (Number(status) < 400) continue;
        expect({ name, status, content: response.content }).toEqual({
          name,
          status,
          content: {
            'application/problem+json': {
              schema: { $ref: `#/components/schemas/${PROBLEM_SCHEMA}` },
              example: expect.objectContaining({ status: Number(status) }),
            },
          },
        });
      }
    }
  });

  it('documents each list once: a page of its items, with ?limit= and ?cursor=', () => {
    expect(document.components?.schemas?.[PAGE_SCHEMA]).toEqual({
      type: 'object',
      properties: {
        items: expect.objectContaining({ type: 'array' }),
        nextCursor: expect.objectContaining({ type: 'string', nullable: true }),
      },
      required: ['items', 'nextCursor'],
    });
    const okSchema = (operation: Operation) =>
      operation.responses['200']?.content?.['application/json']?.schema;
    const lists = operations.filter(([, operation]) => okSchema(operation)?.allOf !== undefined);
    expect(lists.map(([name]) => name)).toContain('GET /admin/users');
    for (const [name, operation] of lists) {
      expect({ name, schema: okSchema(operation) }).toEqual({
        name,
        schema: {
          allOf: [
            { $ref: `#/components/schemas/${PAGE_SCHEMA}` },
            {
              properties: {
                items: {
                  type: 'array',
                  items: { $ref: expect.stringMatching(/^#\/components\/schemas\/\w+Dto$/) },
                },
              },
            },
          ],
        },
      });
      const query = (operation.parameters ?? []).filter((parameter) => parameter.in === 'query');
      expect({ name, query: query.slice(0, 2) }).toEqual({
        name,
        query: [
          expect.objectContaining({
            name: 'limit',
            required: false,
            schema: { type: 'integer', minimum: 1, maximum: 100, default: 20 },
          }),
          expect.objectContaining({ name: 'cursor', required: false }),
        ],
      });
      expect({ name, has400: '400' in operation.responses }).toEqual({ name, has400: true });
    }
    // No operation answers a bare, unbounded array.
    for (const [name, operation] of operations) {
      expect({ name, type: okSchema(operation)?.type }).not.toEqual({ name, type: 'array' });
    }
  });

  it('documents what the shared pipeline adds: headers, 400/413/415 of a body, 503 of Redis', () => {
    for (const [name, operation] of operations) {
      const statuses = Object.keys(operation.responses);
      const expected = [
        ...(operation.requestBody ? ['400', '413', '415'] : []),
        ...(operation.security ? ['401', '503'] : []),
        ...(statuses.includes('429') ? ['503'] : []),
      ];
      expect({ name, statuses }).toEqual({ name, statuses: expect.arrayContaining(expected) });
      for (const [status, response] of Object.entries(operation.responses)) {
        const headers = Object.keys(response.headers ?? {});
        expect({ name, status, headers }).toEqual({
          name,
          status,
          headers: expect.arrayContaining([
            'X-Request-Id',
            'Cache-Control',
            ...(status === '401' ? ['WWW-Authenticate'] : []),
            ...(status === '429' ? ['Retry-After'] : []),
          ]),
        });
      }
    }
    for (const tokens of ['/auth/login', '/auth/refresh']) {
      expect(document.paths[tokens].post.responses['200'].headers).toHaveProperty('Pragma');
    }
  });

  it('takes its problem examples from the errors the server throws', () => {
    const example = (path: string, method: string, status: string) =>
      document.paths[path][method].responses[status].content?.['application/problem+json'].example;
    expect(example('/admin/users', 'get', '403')?.detail).toBe(
      missingRole([Role.Admin], '').message,
    );
    expect(example('/auth/me', 'get', '401')?.detail).toMatch(/^Authentication is required/);
  });

  it('says what the pipes accept: uuid ids, an optional logout body', () => {
    for (const [name, operation] of operations) {
      for (const parameter of operation.parameters ?? []) {
        if (parameter.in !== 'path' || parameter.name !== 'id') continue;
        expect({ name, schema: parameter.schema }).toEqual({
          name,
          schema: { type: 'string', format: 'uuid' },
        });
      }
    }
    expect(document.paths['/auth/logout'].post.requestBody?.required).toBe(false);
  });
});
