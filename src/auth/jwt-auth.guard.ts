import { ExecutionContext, Injectable, UnauthorizedException } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { AuthGuard } from '@nestjs/passport';
import jwt from 'jsonwebtoken';
import { IS_PUBLIC_KEY } from './auth.constants.js';
import type { AuthenticatedUser } from './authenticated-user.js';
import { InvalidTokenException } from './exceptions/invalid-token.exception.js';
import { CredentialsRequiredException } from './exceptions/refused-credentials.exception.js';

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

/** Maps passport-jwt's and jsonwebtoken's reasons onto RFC 6750 challenges and audit reasons. */
function toUnauthorized(info: unknown): UnauthorizedException {
  if (info instanceof InvalidTokenException) return info; // the strategy's own verdict (unknown key)
  if (info instanceof jwt.TokenExpiredError) {
    return new InvalidTokenException('The access token expired.', 'expired_token');
  }
  if (info instanceof jwt.NotBeforeError) {
    return new InvalidTokenException('The access token is not valid yet.', 'malformed_token');
  }
  if (info instanceof jwt.JsonWebTokenError) {
    if (/audience|issuer/.test(info.message)) {
      return new InvalidTokenException(
        'The access token was not issued for this service.',
        'malformed_token',
      );
    }
    if (/signature|algorithm/.test(info.message)) {
      return new InvalidTokenException('The access token signature is invalid.', 'bad_signature');
    }
    return new InvalidTokenException('The access token is malformed.', 'malformed_token');
  }
  return new CredentialsRequiredException();
}
