import { ExecutionContext, ForbiddenException, UnauthorizedException } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { AuthenticatedUser } from './authenticated-user.js';
import { InvalidTokenException } from './exceptions/invalid-token.exception.js';
import { CredentialsRequiredException } from './exceptions/refused-credentials.exception.js';
import { JwtAuthGuard } from './jwt-auth.guard.js';
import { Public } from './public.decorator.js';
import { Role } from './role.enum.js';

@Public()
class PublicController {
  open(): void {}
}

class PrivateController {
  guarded(): void {}

  @Public()
  open(): void {}
}

type Controller = abstract new (...args: never[]) => unknown;

/** The method as Nest's ExecutionContext.getHandler() returns it: the function on the prototype. */
function handlerOf<T extends Controller>(
  controller: T,
  name: keyof InstanceType<T>,
): () => unknown {
  return Object.getOwnPropertyDescriptor(controller.prototype, name)?.value as () => unknown;
}

function contextFor(handler: () => unknown, controller: Controller): ExecutionContext {
  return {
    getHandler: () => handler,
    getClass: () => controller,
    switchToHttp: () => ({ getRequest: () => ({ headers: {} }), getResponse: () => ({}) }),
  } as unknown as ExecutionContext;
}

function thrownBy(action: () => unknown): unknown {
  try {
    action();
  } catch (error) {
    return error;
  }
  throw new Error('expected a throw');
}

const user: AuthenticatedUser = {
  id: 'u-1',
  email: 'ada@example.com',
  roles: [Role.User],
  emailVerified: true,
  sessionId: 's-1',
};

describe('JwtAuthGuard', () => {
  const guard = new JwtAuthGuard(new Reflector());

  describe('canActivate', () => {
    // The passport-backed AuthGuard('jwt') that JwtAuthGuard extends.
    const passportGuard = Object.getPrototypeOf(JwtAuthGuard.prototype) as {
      canActivate(context: ExecutionContext): Promise<boolean>;
    };
    let passportCanActivate: jest.SpyInstance;

    beforeEach(() => {
      passportCanActivate = jest.spyOn(passportGuard, 'canActivate').mockResolvedValue(false);
    });

    afterEach(() => {
      passportCanActivate.mockRestore();
    });

    it('lets a @Public() handler through without asking passport', () => {
      expect(
        guard.canActivate(contextFor(handlerOf(PrivateController, 'open'), PrivateController)),
      ).toBe(true);
      expect(passportCanActivate).not.toHaveBeenCalled();
    });

    it('lets every handler of a @Public() class through without asking passport', () => {
      expect(
        guard.canActivate(contextFor(handlerOf(PublicController, 'open'), PublicController)),
      ).toBe(true);
      expect(passportCanActivate).not.toHaveBeenCalled();
    });

    it('asks passport for any other route', async () => {
      const context = contextFor(handlerOf(PrivateController, 'guarded'), PrivateController);
      await expect(guard.canActivate(context)).resolves.toBe(false);
      expect(passportCanActivate).toHaveBeenCalledWith(context);
    });
  });

  describe('handleRequest', () => {
    it('returns the user the strategy validated', () => {
      expect(guard.handleRequest(null, user)).toBe(user);
    });

    it("rethrows the strategy's verdicts as they are: each knows its challenge and audit reason", () => {
      const expired = new InvalidTokenException('The access token expired.', 'expired_token');
      expect(thrownBy(() => guard.handleRequest(expired, false))).toBe(expired);
      const missing = new CredentialsRequiredException();
      expect(thrownBy(() => guard.handleRequest(missing, false))).toBe(missing);
      const revoked = new InvalidTokenException('The session was revoked.', 'revoked_token');
      expect(thrownBy(() => guard.handleRequest(revoked, user))).toBe(revoked);
    });

    it('answers no user without a verdict with a plain 401 challenge, not invalid_token', () => {
      const error = thrownBy(() => guard.handleRequest(null, false));
      expect(error).toBeInstanceOf(CredentialsRequiredException);
      expect((error as UnauthorizedException).message).toBe(
        'Authentication is required: send an access token as "Authorization: Bearer <token>".',
      );
    });

    it('rethrows any other strategy error (a store outage is a server error, not a bad token)', () => {
      const outage = new Error('db down');
      expect(thrownBy(() => guard.handleRequest(outage, false))).toBe(outage);
      const forbidden = new ForbiddenException('disabled');
      expect(thrownBy(() => guard.handleRequest(forbidden, false))).toBe(forbidden);
    });
  });
});
