import { ExecutionContext, Injectable, UnauthorizedException } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { AuthGuard } from '@nestjs/passport';
import jwt from 'jsonwebtoken';
import { IS_PUBLIC_KEY } from './auth.constants.js';
import type { AuthenticatedUser } from './authenticated-user.js';
import { InvalidTokenException } from './invalid-token.exception.js';

/**
 * Global guard, registered first: every route needs a valid access token unless `@Public()`.
 * No credentials → 401 with a bare Bearer challenge; a bad token → 401 `invalid_token` (RFC 6750 §3.1).
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

  override handleRequest<TUser = AuthenticatedUser>(
    error: unknown,
    user: TUser | false,
    info: unknown,
  ): TUser {
    // The strategy's own verdicts are HttpExceptions; anything else (the store is down) is a
    // server error, not a reason to tell the client its token is bad.
    if (error) throw error;
    if (user) return user;
    throw toUnauthorized(info);
  }
}

/** Maps passport-jwt's and jsonwebtoken's reasons onto RFC 6750 challenges. */
function toUnauthorized(info: unknown): UnauthorizedException {
  if (info instanceof jwt.TokenExpiredError) {
    return new InvalidTokenException('The access token expired.');
  }
  if (info instanceof jwt.NotBeforeError) {
    return new InvalidTokenException('The access token is not valid yet.');
  }
  if (info instanceof jwt.JsonWebTokenError) {
    return new InvalidTokenException(describeJwtError(info.message));
  }
  return new UnauthorizedException(
    'Authentication is required: send an access token as "Authorization: Bearer <token>".',
  );
}

function describeJwtError(message: string): string {
  if (/audience|issuer/.test(message)) return 'The access token was not issued for this service.';
  if (/signature|algorithm/.test(message)) return 'The access token signature is invalid.';
  return 'The access token is malformed.';
}
