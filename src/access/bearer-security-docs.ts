import type { OpenAPIObject } from '@nestjs/swagger';
import { BEARER_SCHEME } from '../auth/auth.constants.js';
import type { RouteAccess } from './route-inventory.js';

/**
 * Every route the JWT guard protects needs a bearer token, whether or not its controller says so
 * with `@Authenticated()` or `@Roles()` (a module fresh from `nest g resource` does not): the
 * document takes that from the route inventory, so its 401s (added from `security`) are complete.
 */
export function documentBearerSecurity(document: OpenAPIObject, routes: RouteAccess[]): void {
  for (const route of routes.filter((r) => r.access !== 'public')) {
    const path = route.path.replace(/:(\w+)/g, '{$1}');
    const operation = document.paths[path]?.[route.method.toLowerCase() as 'get'];
    if (operation && !operation.security?.length) operation.security = [{ [BEARER_SCHEME]: [] }];
  }
}
