import type { OpenAPIObject } from '@nestjs/swagger';
import { EmailNotVerifiedException } from '../auth/exceptions/email-not-verified.exception.js';
import { problemResponse } from '../problem-details/api-problem-response.decorator.js';
import type { RouteAccess } from './route-inventory.js';

const NOT_VERIFIED = 'Signed in with an email address not verified yet';

/** Whether REQUIRE_VERIFIED_EMAIL refuses an unverified user on this route. */
export const verifiedEmailRequired = (route: RouteAccess) =>
  route.access !== 'public' && !route.unverifiedEmailAllowed;

/**
 * With REQUIRE_VERIFIED_EMAIL on, documents its 403 on the routes it applies to. Done on the
 * built document from the route inventory, not by a decorator: a decorator cannot know the
 * setting, nor see a class-level `@AllowUnverifiedEmail()` from a method.
 */
export function documentVerifiedEmailRule(document: OpenAPIObject, routes: RouteAccess[]): void {
  for (const route of routes.filter(verifiedEmailRequired)) {
    const path = route.path.replace(/:(\w+)/g, '{$1}');
    const operation = document.paths[path]?.[route.method.toLowerCase() as 'get'];
    if (!operation) continue;
    const roles = operation.responses['403'];
    operation.responses['403'] =
      roles && 'description' in roles
        ? { ...roles, description: `${roles.description}, or ${NOT_VERIFIED.toLowerCase()}` }
        : problemResponse(403, NOT_VERIFIED, new EmailNotVerifiedException(''));
  }
}
