// Real targets for the access matrix: rows made through the API itself, bodies from its OpenAPI.
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { randomUUID } from 'node:crypto';
import type { RouteAccess } from '../../src/access/route-inventory.js';
import {
  acceptsNoBody,
  bodySchemaOf,
  invalidValue,
  type OpenApiDocument,
  operationOf,
  successStatusOf,
  validValue,
} from './openapi-bodies.js';
import { bearer } from './users.js';

/** One request to make: the URL with its parameters filled in, and the JSON body if any. */
export interface RouteCall {
  label: string;
  url: string;
  payload?: unknown;
}

/** A guarded POST documented with 201 Created makes a row: the matrix makes one to aim at. */
export const createsRows = (document: OpenApiDocument, route: RouteAccess) =>
  route.access !== 'public' &&
  route.method === 'POST' &&
  '201' in (operationOf(document, route).responses ?? {}) &&
  !acceptsNoBody(document, route);

/** Makes a call, with a Bearer token if one is given. */
export const send = (
  app: NestFastifyApplication,
  route: RouteAccess,
  { url, payload }: RouteCall,
  token?: string,
) =>
  app.inject({
    method: route.method as 'GET',
    url,
    headers: token ? bearer(token) : {},
    ...(payload !== undefined && { payload: payload as object }),
  });

/** Writes that end the caller's other sessions, as `DELETE /auth/sessions` does: with the deletes. */
const ENDS_OTHER_SESSIONS = ['POST /auth/password'];
const isDelete = (route: RouteAccess) =>
  route.method === 'DELETE' || ENDS_OTHER_SESSIONS.includes(`${route.method} ${route.path}`);
/** How many segments deep: a DELETE under a row (`/users/:id/sessions`) runs before the row's own. */
const depth = (route: RouteAccess) => route.path.split('/').length;

/** Deletes last, deepest first, so that every other call still finds its row. */
export const deletesLast = (routes: RouteAccess[]) =>
  [...routes].sort(
    (a, b) =>
      Number(isDelete(a)) - Number(isDelete(b)) ||
      (isDelete(a) && isDelete(b) ? depth(b) - depth(a) : 0),
  );

export class RouteTargets {
  /** The id of the row made under each collection path, such as `/finance/budgets`. */
  private readonly ids = new Map<string, string>();
  private readonly bodies = new Map<RouteAccess, unknown>();

  private constructor(
    private readonly document: OpenApiDocument,
    readonly userId: string,
  ) {}

  /**
   * As a caller with every role, makes one row through each route that creates rows, parents
   * first (routes come sorted by path, so `/a` before `/a/:id/b`), each with its generated body.
   * Throws unless each answers its documented status: the bodies are then known to be valid.
   * `userId` stands for the rows of routes such as `/admin/users/:id`, which nothing creates.
   */
  static async seed(
    app: NestFastifyApplication,
    document: OpenApiDocument,
    routes: RouteAccess[],
    token: string,
    userId: string,
  ): Promise<RouteTargets> {
    const targets = new RouteTargets(document, userId);
    for (const route of routes.filter((r) => createsRows(document, r))) {
      const call = targets.call(route);
      const response = await send(app, route, call, token);
      if (response.statusCode !== successStatusOf(document, route)) {
        throw new Error(
          `POST ${call.url} as an authorised caller: ${response.statusCode} ${response.body}`,
        );
      }
      const json = String(response.headers['content-type']).startsWith('application/json');
      const id = json ? response.json<{ id?: unknown }>().id : undefined;
      if (typeof id === 'string') targets.ids.set(route.path, id);
    }
    await targets.takeRowsFromLists(app, routes, token);
    return targets;
  }

  /**
   * Rows no route creates (such as the caller's sessions) are taken from their list: the first
   * item of a guarded `GET` collection under which a route names `:id`. Not under `/users`: the
   * target user stands for those.
   */
  private async takeRowsFromLists(
    app: NestFastifyApplication,
    routes: RouteAccess[],
    token: string,
  ): Promise<void> {
    const lists = routes.filter(
      (route) =>
        route.method === 'GET' &&
        route.access !== 'public' &&
        !route.path.includes('/:') &&
        !route.path.endsWith('/users') &&
        !this.ids.has(route.path) &&
        routes.some((other) => other.path.startsWith(`${route.path}/:`)),
    );
    for (const route of lists) {
      const response = await send(app, route, { label: 'list', url: route.path }, token);
      // A list answers JSON; a generated stub answers text, and names no row.
      if (!String(response.headers['content-type']).startsWith('application/json')) continue;
      const { items } = response.json<{ items?: { id?: unknown }[] }>();
      const id = Array.isArray(items) ? items[0]?.id : undefined;
      if (typeof id === 'string') this.ids.set(route.path, id);
    }
  }

  /** The same targets, with `userId` standing for the rows of `/users/:id` routes. */
  forUser(userId: string): RouteTargets {
    const copy = new RouteTargets(this.document, userId);
    this.ids.forEach((id, path) => copy.ids.set(path, id));
    this.bodies.forEach((body, route) => copy.bodies.set(route, body));
    return copy;
  }

  /** The route aimed at its seeded row (or user, or else an unknown id) with a valid body. */
  call(route: RouteAccess): RouteCall {
    return { label: 'valid', url: this.url(route), payload: this.body(route) };
  }

  /**
   * Calls the route's own checks must refuse: a malformed id, an unknown id, an invalid body (as
   * far as the route takes them), each with the status those checks give an authorised caller.
   */
  probes(route: RouteAccess): (RouteCall & { status: number })[] {
    const probes: (RouteCall & { status: number })[] = [];
    const payload = this.body(route);
    if (route.path.includes('/:')) {
      // "Malformed" only where the document says what a well-formed id is: a UUID.
      const uuidIds = (operationOf(this.document, route).parameters ?? []).some(
        (parameter) => parameter.in === 'path' && parameter.schema?.format === 'uuid',
      );
      if (uuidIds) {
        probes.push({
          label: 'malformed id',
          status: 400,
          url: this.url(route, 'not-a-uuid'),
          payload,
        });
      }
      probes.push({
        label: 'unknown id',
        status: 404,
        url: this.url(route, randomUUID()),
        payload,
      });
    }
    const schema = bodySchemaOf(this.document, route);
    if (schema) {
      const invalid = invalidValue(this.document, schema);
      probes.push({ label: 'invalid body', status: 400, url: this.url(route), payload: invalid });
    }
    return probes;
  }

  /** Whether every path parameter names a row made here (or the target user): no unknown id. */
  aimsAtRows(route: RouteAccess): boolean {
    const segments = route.path.split('/');
    return segments.every(
      (segment, index) => !segment.startsWith(':') || this.rowUnder(segments.slice(0, index)),
    );
  }

  private url(route: RouteAccess, id?: string): string {
    const segments = route.path.split('/');
    return segments
      .map((segment, index) => {
        if (!segment.startsWith(':')) return segment;
        return id ?? this.rowUnder(segments.slice(0, index)) ?? randomUUID();
      })
      .join('/');
  }

  /** The row made under a collection path; under a `/users` path, the target user. */
  private rowUnder(parentSegments: string[]): string | undefined {
    const parent = parentSegments.join('/');
    return this.ids.get(parent) ?? (parent.endsWith('/users') ? this.userId : undefined);
  }

  /**
   * Built once per route, so the refused calls send exactly what an authorised one did. A route
   * that creates sends the documented examples; one that changes a row sends other values.
   */
  private body(route: RouteAccess): unknown {
    if (!this.bodies.has(route)) {
      const schema = bodySchemaOf(this.document, route);
      const changes = !createsRows(this.document, route);
      this.bodies.set(route, schema && validValue(this.document, schema, changes));
    }
    return this.bodies.get(route);
  }
}
