// Request bodies built from the app's OpenAPI document: one its DTO accepts, one it refuses.
import { randomUUID } from 'node:crypto';
import type { RouteAccess } from '../../src/access/route-inventory.js';

export interface Schema {
  $ref?: string;
  allOf?: Schema[];
  type?: string;
  format?: string;
  enum?: unknown[];
  example?: unknown;
  default?: unknown;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: boolean | number;
  minLength?: number;
  maxLength?: number;
  minItems?: number;
  items?: Schema;
  properties?: Record<string, Schema>;
  required?: string[];
}

export interface Operation {
  parameters?: { in?: string; schema?: Schema }[];
  requestBody?: { content?: Record<string, { schema?: Schema }> };
  responses?: Record<string, unknown>;
}

export interface OpenApiDocument {
  paths: Record<string, Record<string, Operation | undefined>>;
  components?: { schemas?: Record<string, Schema> };
}

/** The operation the document describes for a route (`/a/:id` is `/a/{id}` there). */
export function operationOf(document: OpenApiDocument, route: RouteAccess): Operation {
  const path = route.path.replace(/:(\w+)/g, '{$1}');
  const operation = document.paths[path]?.[route.method.toLowerCase()];
  if (!operation) throw new Error(`${route.method} ${route.path} is not in the OpenAPI document`);
  return operation;
}

/** The JSON body schema of a route, if it takes a body. */
export function bodySchemaOf(document: OpenApiDocument, route: RouteAccess): Schema | undefined {
  return operationOf(document, route).requestBody?.content?.['application/json']?.schema;
}

/**
 * Whether the route's body schema declares no field: the empty DTO `nest g resource` writes, whose
 * every body the global pipe refuses until fields are declared. No call to it can succeed yet.
 */
export function acceptsNoBody(document: OpenApiDocument, route: RouteAccess): boolean {
  const schema = bodySchemaOf(document, route);
  if (!schema) return false;
  const resolved = resolve(document, schema);
  return typeOf(resolved) === 'object' && Object.keys(resolved.properties ?? {}).length === 0;
}

/** The documented success status: the lowest 2xx response. */
export function successStatusOf(document: OpenApiDocument, route: RouteAccess): number {
  const codes = Object.keys(operationOf(document, route).responses ?? {}).map(Number);
  const success = codes.filter((code) => code >= 200 && code < 300).sort((a, b) => a - b);
  if (success.length === 0) throw new Error(`${route.method} ${route.path} documents no 2xx`);
  return success[0];
}

/**
 * A value the schema accepts: its example where it has one, else one derived from the schema.
 * With `changed`, one that differs from the example (a row made from the examples, then changed
 * with the same examples, would look untouched): a variation of it, or the derived value.
 */
export function validValue(document: OpenApiDocument, schema: Schema, changed = false): unknown {
  const s = resolve(document, schema);
  const documented = s.example ?? s.default;
  if (documented !== undefined && !(changed && typeOf(s) === 'object')) {
    return changed ? varied(s, documented) : documented;
  }
  if (s.enum?.length) return s.enum[0];
  switch (typeOf(s)) {
    case 'object':
      return mapProperties(s, (property) => validValue(document, property, changed));
    case 'array': {
      const items = resolve(document, s.items ?? {});
      const length = Math.max(s.minItems ?? 1, 1);
      // Distinct enum values, should the array have to be unique (a user's roles, say).
      return items.enum && items.example === undefined
        ? items.enum.slice(0, length)
        : Array.from({ length }, () => validValue(document, items, changed));
    }
    case 'boolean':
      return true;
    case 'integer':
    case 'number':
      return numberWithin(s);
    default:
      return stringFor(s);
  }
}

/** A value of the wrong type for the schema, which no validation can accept. */
export function invalidValue(document: OpenApiDocument, schema: Schema): unknown {
  const s = resolve(document, schema);
  if (s.enum?.length) return 'not-one-of-the-values';
  switch (typeOf(s)) {
    case 'object':
      return Object.keys(s.properties ?? {}).length > 0
        ? mapProperties(s, (property) => invalidValue(document, property))
        : { notAField: true };
    case 'string':
      return 12_345;
    default:
      return 'a string where another type belongs';
  }
}

function resolve(document: OpenApiDocument, schema: Schema): Schema {
  if (schema.$ref) {
    const name = schema.$ref.replace('#/components/schemas/', '');
    const target = document.components?.schemas?.[name];
    if (!target) throw new Error(`Unknown schema ${schema.$ref}`);
    return resolve(document, target);
  }
  if (!schema.allOf) return schema;
  const { allOf, ...own } = schema;
  return allOf
    .map((part) => resolve(document, part))
    .reduce<Schema>(
      (merged, part) => ({
        ...part,
        ...merged,
        properties: { ...part.properties, ...merged.properties },
        required: [...(part.required ?? []), ...(merged.required ?? [])],
      }),
      own,
    );
}

/** Another valid value near a documented one; arrays and objects are kept as documented. */
function varied(schema: Schema, value: unknown): unknown {
  if (schema.enum?.length) return schema.enum.find((other) => other !== value) ?? value;
  if (typeof value === 'boolean') return !value;
  if (typeof value === 'number') {
    return schema.maximum !== undefined && value + 1 > schema.maximum ? value - 1 : value + 1;
  }
  if (typeof value !== 'string') return value;
  if (schema.format) return stringFor(schema); // a fresh uuid, email or date
  return `${value} (changed)`.slice(0, schema.maxLength);
}

function typeOf(schema: Schema): string {
  return schema.type ?? (schema.properties ? 'object' : 'string');
}

function mapProperties(schema: Schema, value: (property: Schema) => unknown) {
  return Object.fromEntries(
    Object.entries(schema.properties ?? {}).map(([name, property]) => [name, value(property)]),
  );
}

function numberWithin(schema: Schema): number {
  const exclusive = schema.exclusiveMinimum;
  const floor =
    typeof exclusive === 'number' ? exclusive + 1 : (schema.minimum ?? 1) + (exclusive ? 1 : 0);
  const low = Math.ceil(floor);
  return schema.maximum === undefined ? low : Math.min(low, schema.maximum);
}

function stringFor(schema: Schema): string {
  switch (schema.format) {
    case 'uuid':
      return randomUUID();
    case 'email':
      return `someone-${randomUUID()}@example.test`;
    case 'date-time':
      return new Date().toISOString();
    case 'date':
      return new Date().toISOString().slice(0, 10);
    case 'uri':
    case 'url':
      return 'https://example.test/';
    default: {
      const text = 'Sample'.padEnd(schema.minLength ?? 0, 'x');
      return text.slice(0, schema.maxLength);
    }
  }
}
