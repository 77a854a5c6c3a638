import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { Reflector } from '@nestjs/core';
import type { Environment } from '../config/environment.js';
import { ALLOW_UNVERIFIED_EMAIL_KEY, IS_PUBLIC_KEY } from './auth.constants.js';
import type { AuthenticatedUser } from './authenticated-user.js';
import { EmailNotVerifiedException } from './exceptions/email-not-verified.exception.js';
import { CredentialsRequiredException } from './exceptions/refused-credentials.exception.js';
import { withoutStackTraces } from './without-stack-traces.js';

/**
 * Global guard, registered last: with REQUIRE_VERIFIED_EMAIL on, a signed-in user whose email is
 * not verified gets 403 on every route but the public ones and those marked
 * `@AllowUnverifiedEmail()`. Last, so that it only speaks when verifying would let the user in.
 * The verified state comes from the token and the access changes, like roles: no database read.
 */
@Injectable()
export class VerifiedEmailGuard implements CanActivate {
  private readonly required: boolean;
  /** Whether each route is exempt, by controller then handler: the metadata is read once. */
  private readonly exemptRoutes = new WeakMap<object, WeakMap<object, boolean>>();

  constructor(
    private readonly reflector: Reflector,
    config: ConfigService<Environment, true>,
  ) {
    this.required = config.get('REQUIRE_VERIFIED_EMAIL', { infer: true });
  }

  canActivate(context: ExecutionContext): boolean {
    if (!this.required || this.isExempt(context.getClass(), context.getHandler())) return true;

    const user = context.switchToHttp().getRequest<{ user?: AuthenticatedUser }>().user;
    if (!user) throw new CredentialsRequiredException(); // not exempt, yet no user: fail closed
    if (user.emailVerified) return true;
    throw withoutStackTraces(() => new EmailNotVerifiedException(user.id));
  }

  private isExempt(controller: object, handler: object): boolean {
    let handlers = this.exemptRoutes.get(controller);
    if (!handlers) this.exemptRoutes.set(controller, (handlers = new WeakMap()));
    let exempt = handlers.get(handler);
    if (exempt === undefined) {
      const targets = [handler, controller] as Parameters<Reflector['getAllAndOverride']>[1];
      exempt =
        this.reflector.getAllAndOverride<boolean>(IS_PUBLIC_KEY, targets) === true ||
        this.reflector.getAllAndOverride<boolean>(ALLOW_UNVERIFIED_EMAIL_KEY, targets) === true;
      handlers.set(handler, exempt);
    }
    return exempt;
  }
}
