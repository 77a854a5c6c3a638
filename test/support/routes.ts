import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import request from 'supertest';

/** A route to call in an access test, with the body it sends (if any). */
export interface RouteCall {
  method: 'get' | 'post' | 'patch' | 'delete';
  path: string;
  body: object | undefined;
}

export function callRoute(
  app: NestFastifyApplication,
  route: RouteCall,
  headers: Record<string, string> = {},
) {
  const pending = request(app.getHttpServer())[route.method](route.path).set(headers);
  return route.body === undefined ? pending : pending.send(route.body);
}
