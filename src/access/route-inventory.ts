import { type INestApplicationContext, RequestMethod } from '@nestjs/common';
import { METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants.js';
import { ModulesContainer, Reflector } from '@nestjs/core';
import { ALLOW_UNVERIFIED_EMAIL_KEY, IS_PUBLIC_KEY, ROLES_KEY } from '../auth/auth.constants.js';
import type { Role } from '../auth/role.enum.js';

/** One HTTP route and the access rule the global guards apply to it. */
export interface RouteAccess {
  method: string;
  path: string;
  /** `public`, `authenticated` (the default), or the roles any one of which is required. */
  access: 'public' | 'authenticated' | { roles: Role[] };
  /** Exempt from the verified-email rule (REQUIRE_VERIFIED_EMAIL): public or `@AllowUnverifiedEmail()`. */
  unverifiedEmailAllowed: boolean;
  handler: string;
}

type Handler = (...args: unknown[]) => unknown;

/**
 * Every route of the application with its access rule, read from Nest's own metadata the way the
 * guards read it (handler metadata overriding the controller's), sorted by path then method.
 */
export function collectRoutes(app: INestApplicationContext): RouteAccess[] {
  const reflector = app.get(Reflector);
  const routes: RouteAccess[] = [];
  for (const module of app.get(ModulesContainer).values()) {
    for (const { metatype } of module.controllers.values()) {
      if (typeof metatype !== 'function') continue;
      const controllerPaths = asArray<string>(Reflect.getMetadata(PATH_METADATA, metatype) ?? '/');
      const prototype = metatype.prototype as Record<string, unknown>;
      for (const name of Object.getOwnPropertyNames(prototype)) {
        const handler = prototype[name] as Handler;
        const handlerPath = Reflect.getMetadata(PATH_METADATA, handler) as
          string | string[] | undefined;
        if (name === 'constructor' || handlerPath === undefined) continue;
        const method = RequestMethod[Reflect.getMetadata(METHOD_METADATA, handler) as number];
        const targets = [handler, metatype];
        const isPublic = reflector.getAllAndOverride<boolean>(IS_PUBLIC_KEY, targets);
        const roles = reflector.getAllAndOverride<Role[] | undefined>(ROLES_KEY, targets);
        const access = isPublic ? 'public' : roles?.length ? { roles } : 'authenticated';
        const unverifiedEmailAllowed =
          isPublic || reflector.getAllAndOverride<boolean>(ALLOW_UNVERIFIED_EMAIL_KEY, targets);
        for (const base of controllerPaths) {
          for (const sub of asArray(handlerPath)) {
            routes.push({
              method,
              path: joinPath(base, sub),
              access,
              unverifiedEmailAllowed: unverifiedEmailAllowed === true,
              handler: `${metatype.name}.${name}`,
            });
          }
        }
      }
    }
  }
  return routes.sort((a, b) => a.path.localeCompare(b.path) || a.method.localeCompare(b.method));
}

/** The access rule as one short phrase: `public`, `authenticated` or `roles: admin`. */
export function describeAccess(access: RouteAccess['access']): string {
  return typeof access === 'string' ? access : `roles: ${access.roles.join(' | ')}`;
}

/** Whether the verified-email rule applies: `verified email`, `any email`, or `-` (public). */
export function describeEmailRule(route: RouteAccess): string {
  if (route.access === 'public') return '-';
  return route.unverifiedEmailAllowed ? 'any email' : 'verified email';
}

/** A fixed-width text table of the routes, as `npm run routes` prints it. */
export function formatRoutes(routes: RouteAccess[]): string {
  const rows = [
    ['METHOD', 'PATH', 'ACCESS', 'EMAIL'],
    ...routes.map((r) => [r.method, r.path, describeAccess(r.access), describeEmailRule(r)]),
  ];
  const widths = rows[0].map((_, column) => Math.max(...rows.map((row) => row[column].length)));
  return rows
    .map((row) =>
      row
        .map((cell, i) => cell.padEnd(widths[i]))
        .join('  ')
        .trimEnd(),
    )
    .join('\n');
}

function asArray<T>(value: T | T[]): T[] {
  return Array.isArray(value) ? value : [value];
}

function joinPath(base: string, sub: string): string {
  const path = `/${[base, sub].join('/')}`.replace(/\/+/g, '/');
  return path.length > 1 ? path.replace(/\/$/, '') : path;
}
