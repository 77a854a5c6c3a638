// Holds every response an e2e app sends to the OpenAPI document that app serves: the status must
// be documented for the operation, the body must match its schema (Ajv), the documented headers
// must be present and match theirs. Mismatches are collected here and fail the test that caused
// them (see test/setup-after-env.ts).
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { OpenAPIObject } from '@nestjs/swagger';
import { Ajv, type ValidateFunction } from 'ajv';
import formats from 'ajv-formats';

interface Schema {
  [keyword: string]: unknown;
}
interface Header {
  schema?: Schema;
  required?: boolean;
  $ref?: string;
}
interface Response {
  content?: Record<string, { schema?: Schema }>;
  headers?: Record<string, Header>;
}

/** A header as documented, or the one under components/headers it refers to. */
function resolveHeader(document: OpenAPIObject, header: Header): Header {
  if (!header.$ref) return header;
  const name = header.$ref.replace('#/components/headers/', '');
  const target = document.components?.headers?.[name] as Header | undefined;
  if (!target) throw new Error(`The document refers to an unknown header ${header.$ref}`);
  return target;
}

const mismatches: string[] = [];

/** The mismatches found since the last call, which forgets them. */
export function takeOpenApiMismatches(): string[] {
  return mismatches.splice(0);
}

const DOCUMENT_ID = 'openapi';

/** Ajv over the document's component schemas; OpenAPI 3.0 `nullable` is an Ajv 8 keyword. */
function compilerFor(document: OpenAPIObject): (schema: Schema) => ValidateFunction {
  const ajv = new Ajv({ strict: false, allErrors: true });
  formats.default(ajv); // a CommonJS module: its `default` is the plugin itself, either way
  ajv.addSchema(
    { $id: DOCUMENT_ID, components: { schemas: document.components?.schemas ?? {} } },
    DOCUMENT_ID,
  );
  const compiled = new Map<Schema, ValidateFunction>();
  return (schema) => {
    const cached = compiled.get(schema);
    if (cached) return cached;
    // Refs in operations are relative to the document: point them at the one Ajv knows.
    const text = JSON.stringify(schema).replaceAll(
      '"#/components/',
      `"${DOCUMENT_ID}#/components/`,
    );
    const validate = ajv.compile(JSON.parse(text) as Schema);
    compiled.set(schema, validate);
    return validate;
  };
}

/** A header's value as its schema's type: headers arrive as text. */
function headerValue(schema: Schema | undefined, value: string): unknown {
  return schema?.type === 'integer' || schema?.type === 'number' ? Number(value) : value;
}

function parseBody(payload: unknown): string {
  if (typeof payload === 'string') return payload;
  if (Buffer.isBuffer(payload)) return payload.toString('utf8');
  return '';
}

/** Checks one response against its operation's documentation; returns what does not match. */
function checkResponse(
  document: OpenAPIObject,
  compile: (schema: Schema) => ValidateFunction,
  sent: {
    method: string;
    path: string;
    status: number;
    headers: Record<string, string | number | string[] | undefined>;
    payload: string;
  },
): string[] {
  const operation = document.paths[sent.path]?.[sent.method.toLowerCase() as 'get'];
  if (!operation) return [`the operation is not documented`];
  const response = operation.responses[String(sent.status)] as Response | undefined;
  if (!response) {
    const documented = Object.keys(operation.responses).join(', ');
    return [`status ${sent.status} is not documented (documented: ${documented})`];
  }
  const problems: string[] = [];
  for (const [name, documented] of Object.entries(response.headers ?? {})) {
    const header = resolveHeader(document, documented);
    const value = sent.headers[name.toLowerCase()];
    if (value === undefined) {
      if (header.required) problems.push(`header ${name} is missing`);
      continue;
    }
    if (header.schema) {
      const validate = compile(header.schema);
      if (!validate(headerValue(header.schema, String(value)))) {
        problems.push(`header ${name}: ${JSON.stringify(value)} ${ajvText(validate)}`);
      }
    }
  }
  const contentType = String(sent.headers['content-type'] ?? '').split(';')[0];
  const media = response.content ?? {};
  if (sent.payload === '') {
    if (Object.keys(media).length > 0) problems.push('the body is empty, yet documented');
    return problems;
  }
  const described = media[contentType];
  if (!described) {
    const documented = Object.keys(media).join(', ') || 'no body';
    problems.push(
      `a ${contentType || 'typeless'} body is not documented (documented: ${documented})`,
    );
    return problems;
  }
  if (described.schema) {
    const validate = compile(described.schema);
    let body: unknown = sent.payload; // a text body (an HTML page) is checked as a string
    if (/[/+]json$/.test(contentType)) {
      try {
        body = JSON.parse(sent.payload);
      } catch {
        return [...problems, 'the body is not JSON'];
      }
    }
    if (!validate(body)) problems.push(`body ${ajvText(validate)}: ${sent.payload.slice(0, 300)}`);
  }
  return problems;
}

function ajvText(validate: ValidateFunction): string {
  return (validate.errors ?? [])
    .map((error) => `${error.instancePath || '(root)'} ${error.message ?? ''}`)
    .join('; ');
}

/**
 * Checks every response of `app` against `document`. Out of scope: routes the document does not
 * describe at all (Swagger UI, /docs-json) and requests no route matched (an unknown path's 404).
 */
export function checkResponsesAgainst(app: NestFastifyApplication, document: OpenAPIObject): void {
  const compile = compilerFor(document);
  app
    .getHttpAdapter()
    .getInstance()
    .addHook('onSend', (request, reply, payload, done) => {
      const route = request.routeOptions.url;
      const path = route?.replace(/:(\w+)/g, '{$1}');
      if (path !== undefined && document.paths[path]) {
        const sent = {
          method: request.method,
          path,
          status: reply.statusCode,
          headers: reply.getHeaders(),
          payload: parseBody(payload),
        };
        const found = checkResponse(document, compile, sent);
        if (found.length > 0) {
          mismatches.push(
            `${request.method} ${request.url} → ${reply.statusCode}: ${found.join('; ')}`,
          );
        }
      }
      done(null, payload);
    });
}
