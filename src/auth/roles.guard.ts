import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { AccessDeniedException } from './exceptions/access-denied.exception.js';
import { ROLES_KEY } from './auth.constants.js';
import type { AuthenticatedUser } from './authenticated-user.js';
import { CredentialsRequiredException } from './exceptions/refused-credentials.exception.js';
import type { Role } from './role.enum.js';
import { withoutStackTraces } from './without-stack-traces.js';

/**
 * Global guard, registered after JwtAuthGuard, so it only ever sees authenticated callers:
 * a caller without any of the required roles gets 403. Handler metadata overrides the class's.
 * The message names the roles; in production the error filter words every 403 generically.
 */
@Injectable()
export class RolesGuard implements CanActivate {
  constructor(private readonly reflector: Reflector) {}

  canActivate(context: ExecutionContext): boolean {
    const required = this.reflector.getAllAndOverride<Role[] | undefined>(ROLES_KEY, [
      context.getHandler(),
      context.getClass(),
    ]);
    if (!required?.length) return true;

    const user = context.switchToHttp().getRequest<{ user?: AuthenticatedUser }>().user;
    if (!user) throw new CredentialsRequiredException(); // role-restricted yet @Public(): fail closed
    if (required.some((role) => user.roles.includes(role))) return true;

    throw withoutStackTraces(() => missingRole(required, user.id));
  }
}

/** The 403 of a caller without any of `roles`; also the OpenAPI document's example of it. */
export function missingRole(roles: readonly Role[], userId: string): AccessDeniedException {
  const message = `This action requires one of the roles: ${roles.join(', ')}.`;
  return new AccessDeniedException(message, 'insufficient_role', userId);
}
