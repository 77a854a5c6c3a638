import { ExecutionContext, ForbiddenException, UnauthorizedException } from '@nestjs/common';
import type { ConfigService } from '@nestjs/config';
import { Reflector } from '@nestjs/core';
import type { Environment } from '../config/environment.js';
import { AllowUnverifiedEmail } from './allow-unverified-email.decorator.js';
import type { AuthenticatedUser } from './authenticated-user.js';
import { EmailNotVerifiedException } from './exceptions/email-not-verified.exception.js';
import { Public } from './public.decorator.js';
import { Role } from './role.enum.js';
import { Roles } from './roles.decorator.js';
import { VerifiedEmailGuard } from './verified-email.guard.js';

@Roles(Role.User)
class BudgetsController {
  list(): void {}

  @Public()
  catalogue(): void {}

  @AllowUnverifiedEmail()
  resendVerification(): void {}
}

@AllowUnverifiedEmail()
class AccountController {
  me(): void {}
}

type Controller = abstract new (...args: never[]) => unknown;

/** The method as Nest's ExecutionContext.getHandler() returns it: the function on the prototype. */
function handlerOf<T extends Controller>(
  controller: T,
  name: keyof InstanceType<T>,
): () => unknown {
  return Object.getOwnPropertyDescriptor(controller.prototype, name)?.value as () => unknown;
}

function contextFor<T extends Controller>(
  controller: T,
  name: keyof InstanceType<T>,
  user?: AuthenticatedUser,
): ExecutionContext {
  return {
    getHandler: () => handlerOf(controller, name),
    getClass: () => controller,
    switchToHttp: () => ({ getRequest: () => ({ user }) }),
  } as unknown as ExecutionContext;
}

const userWith = (emailVerified: boolean): AuthenticatedUser => ({
  id: 'u-1',
  email: 'ada@example.com',
  roles: [Role.User],
  emailVerified,
  sessionId: 's-1',
});

function guardWith(required: boolean, reflector = new Reflector()): VerifiedEmailGuard {
  const config = { get: () => required } as unknown as ConfigService<Environment, true>;
  return new VerifiedEmailGuard(reflector, config);
}

describe('VerifiedEmailGuard', () => {
  describe('with REQUIRE_VERIFIED_EMAIL off', () => {
    it('lets an unverified user through anywhere, without reading any metadata', () => {
      const reflector = new Reflector();
      const read = jest.spyOn(reflector, 'getAllAndOverride');
      const guard = guardWith(false, reflector);
      expect(guard.canActivate(contextFor(BudgetsController, 'list', userWith(false)))).toBe(true);
      expect(read).not.toHaveBeenCalled();
    });
  });

  describe('with REQUIRE_VERIFIED_EMAIL on', () => {
    const guard = guardWith(true);

    it('lets a verified user through', () => {
      expect(guard.canActivate(contextFor(BudgetsController, 'list', userWith(true)))).toBe(true);
    });

    it('refuses an unverified user with 403, saying what to do, audited, without a stack trace', () => {
      let thrown: unknown;
      try {
        guard.canActivate(contextFor(BudgetsController, 'list', userWith(false)));
      } catch (error) {
        thrown = error;
      }
      expect(thrown).toBeInstanceOf(EmailNotVerifiedException);
      expect(thrown).toBeInstanceOf(ForbiddenException);
      const error = thrown as EmailNotVerifiedException;
      expect(error.getStatus()).toBe(403);
      expect(error.message).toBe('Verify your email address to use this route.');
      expect(error).toMatchObject({ auditReason: 'email_not_verified', auditUserId: 'u-1' });
      expect(error.stack).toBe(`${error.name}: ${error.message}`);
    });

    it('exempts public routes, with or without a user', () => {
      expect(guard.canActivate(contextFor(BudgetsController, 'catalogue'))).toBe(true);
      expect(guard.canActivate(contextFor(BudgetsController, 'catalogue', userWith(false)))).toBe(
        true,
      );
    });

    it('exempts a handler marked @AllowUnverifiedEmail, and every handler of a marked class', () => {
      const unverified = userWith(false);
      const context = contextFor(BudgetsController, 'resendVerification', unverified);
      expect(guard.canActivate(context)).toBe(true);
      expect(guard.canActivate(contextFor(AccountController, 'me', unverified))).toBe(true);
    });

    it('reads a route metadata once, however many requests it serves', () => {
      const reflector = new Reflector();
      const read = jest.spyOn(reflector, 'getAllAndOverride');
      const cached = guardWith(true, reflector);
      for (let i = 0; i < 3; i++) {
        cached.canActivate(contextFor(AccountController, 'me', userWith(false)));
        cached.canActivate(contextFor(BudgetsController, 'list', userWith(true)));
      }
      expect(read).toHaveBeenCalledTimes(4); // two keys for each of the two routes
    });

    it('fails closed with 401 when a route it applies to has no user on the request', () => {
      expect(() => guard.canActivate(contextFor(BudgetsController, 'list'))).toThrow(
        UnauthorizedException,
      );
    });
  });
});
