import {
  ExecutionContext,
  ForbiddenException,
  SetMetadata,
  UnauthorizedException,
} from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { ROLES_KEY } from './auth.constants.js';
import type { AuthenticatedUser } from './authenticated-user.js';
import { Role } from './role.enum.js';
import { Roles } from './roles.decorator.js';
import { RolesGuard } from './roles.guard.js';

@Roles(Role.Admin)
class AdminController {
  list(): void {}

  @Roles(Role.User)
  forUsers(): void {}

  @Roles(Role.User, Role.Admin)
  forEither(): void {}
}

class OpenController {
  open(): void {}

  @SetMetadata(ROLES_KEY, [])
  emptyRoles(): void {}
}

type Controller = abstract new (...args: never[]) => unknown;

/** The method as Nest's ExecutionContext.getHandler() returns it: the function on the prototype. */
function handlerOf<T extends Controller>(
  controller: T,
  name: keyof InstanceType<T>,
): () => unknown {
  return Object.getOwnPropertyDescriptor(controller.prototype, name)?.value as () => unknown;
}

function handlerWithRoles(roles: Role[]): () => void {
  const handler = () => undefined;
  Reflect.defineMetadata(ROLES_KEY, roles, handler);
  return handler;
}

function contextFor(
  handler: () => unknown,
  controller: Controller,
  user?: AuthenticatedUser,
): ExecutionContext {
  return {
    getHandler: () => handler,
    getClass: () => controller,
    switchToHttp: () => ({ getRequest: () => ({ user }) }),
  } as unknown as ExecutionContext;
}

function userWith(...roles: Role[]): AuthenticatedUser {
  return { id: 'u-1', email: 'ada@example.com', roles, emailVerified: true, sessionId: 's-1' };
}

function forbiddenBy(guard: RolesGuard, context: ExecutionContext): ForbiddenException {
  let thrown: unknown;
  try {
    guard.canActivate(context);
  } catch (error) {
    thrown = error;
  }
  expect(thrown).toBeInstanceOf(ForbiddenException);
  return thrown as ForbiddenException;
}

describe('RolesGuard', () => {
  const guard = new RolesGuard(new Reflector());

  it('lets anyone through a route without roles metadata, even without a user', () => {
    expect(guard.canActivate(contextFor(handlerOf(OpenController, 'open'), OpenController))).toBe(
      true,
    );
  });

  it('treats an empty roles list as no restriction', () => {
    const context = contextFor(handlerOf(OpenController, 'emptyRoles'), OpenController, userWith());
    expect(guard.canActivate(context)).toBe(true);
  });

  it('lets a user through who holds any one of the required roles', () => {
    const handler = handlerOf(AdminController, 'forEither');
    expect(guard.canActivate(contextFor(handler, AdminController, userWith(Role.User)))).toBe(true);
    expect(guard.canActivate(contextFor(handler, AdminController, userWith(Role.Admin)))).toBe(
      true,
    );
  });

  it('applies the class roles to a handler without its own', () => {
    const handler = handlerOf(AdminController, 'list');
    expect(guard.canActivate(contextFor(handler, AdminController, userWith(Role.Admin)))).toBe(
      true,
    );
    expect(() =>
      guard.canActivate(contextFor(handler, AdminController, userWith(Role.User))),
    ).toThrow(ForbiddenException);
  });

  it('reads roles set with Reflect.defineMetadata on a plain handler', () => {
    const handler = handlerWithRoles([Role.Admin]);
    expect(guard.canActivate(contextFor(handler, OpenController, userWith(Role.Admin)))).toBe(true);
    expect(() =>
      guard.canActivate(contextFor(handler, OpenController, userWith(Role.User))),
    ).toThrow(ForbiddenException);
  });

  it('lets handler metadata override the class metadata instead of adding to it', () => {
    const handler = handlerOf(AdminController, 'forUsers');
    expect(guard.canActivate(contextFor(handler, AdminController, userWith(Role.User)))).toBe(true);
    // The class's admin requirement no longer applies, so an admin without "user" is refused.
    expect(() =>
      guard.canActivate(contextFor(handler, AdminController, userWith(Role.Admin))),
    ).toThrow(ForbiddenException);
  });

  it('refuses a user who lacks all required roles and names them (the filter hides them in production)', () => {
    const context = contextFor(
      handlerOf(AdminController, 'list'),
      AdminController,
      userWith(Role.User),
    );
    const error = forbiddenBy(guard, context);
    expect(error.getStatus()).toBe(403);
    expect(error.message).toBe('This action requires one of the roles: admin.');
    expect(error.stack).toBe(`${error.name}: ${error.message}`); // an expected refusal: no trace
  });

  it('lists every accepted role in the message', () => {
    const context = contextFor(
      handlerWithRoles([Role.User, Role.Admin]),
      OpenController,
      userWith(),
    );
    expect(forbiddenBy(guard, context).message).toBe(
      'This action requires one of the roles: user, admin.',
    );
  });

  it('fails closed with 401 when a role-restricted route has no user on the request', () => {
    const context = contextFor(handlerOf(AdminController, 'list'), AdminController);
    expect(() => guard.canActivate(context)).toThrow(UnauthorizedException);
  });
});
