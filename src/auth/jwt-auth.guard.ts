import { ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { AuthGuard } from '@nestjs/passport';
import { IS_PUBLIC_KEY } from './auth.constants.js';
import type { AuthenticatedUser } from './authenticated-user.js';
import { CredentialsRequiredException } from './exceptions/refused-credentials.exception.js';

/**
 * Global guard, registered first: every route needs a valid access token unless `@Public()`.
 * No credentials → 401 with a bare Bearer challenge; a bad token → 401 `invalid_token` (RFC 6750 §3.1):
 * JwtStrategy decides which.
 */
@Injectable()
export class JwtAuthGuard extends AuthGuard('jwt') {
  constructor(private readonly reflector: Reflector) {
    super();
  }

  override canActivate(context: ExecutionContext) {
    const isPublic = this.reflector.getAllAndOverride<boolean>(IS_PUBLIC_KEY, [
      context.getHandler(),
      context.getClass(),
    ]);
    return isPublic || super.canActivate(context);
  }

  override handleRequest<TUser = AuthenticatedUser>(error: unknown, user: TUser | false): TUser {
    // The strategy's verdicts are 401 exceptions, each with its challenge and audit reason; anything
    // else (the store is down) is a server error, not a reason to tell the client its token is bad.
    if (error) throw error;
    if (user) return user;
    throw new CredentialsRequiredException();
  }
}
