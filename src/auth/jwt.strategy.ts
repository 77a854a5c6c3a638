import { Injectable } from '@nestjs/common';
import { PassportStrategy } from '@nestjs/passport';
import { UserAccessChanges } from '../users/user-access-changes.js';
import type { AuthenticatedUser } from './authenticated-user.js';
import { bearerTokenOf, type RequestHeaders } from './bearer-token.js';
import { InvalidTokenException } from './exceptions/invalid-token.exception.js';
import { CredentialsRequiredException } from './exceptions/refused-credentials.exception.js';
import { RequestStrategy } from './request.strategy.js';
import { AccessTokenVerifier } from './sessions/access-token.verifier.js';
import { RevokedSessions } from './sessions/revoked-sessions.js';
import { withoutStackTraces } from './without-stack-traces.js';

/**
 * Takes the token from `Authorization: Bearer …` and verifies it (AccessTokenVerifier: signature,
 * header, claims), then checks that the session is not revoked and takes the user's email, roles and verified
 * email from the token, unless the user's access changed since it may have been signed. No database read
 * on this path. Every refusal is a 401 exception of its own: a bare challenge when no bearer token
 * came, `invalid_token` (with its audit reason) for any token that did.
 */
@Injectable()
export class JwtStrategy extends PassportStrategy(RequestStrategy, 'jwt') {
  constructor(
    private readonly verifier: AccessTokenVerifier,
    private readonly accessChanges: UserAccessChanges,
    private readonly revokedSessions: RevokedSessions,
  ) {
    super();
  }

  /**
   * `validate` parses and verifies the token synchronously, before its first await, so a refused
   * token's exception is created inside this call: without a stack trace it costs no more than an
   * accepted token.
   */
  override authenticate(request: unknown) {
    withoutStackTraces(() => super.authenticate(request));
  }

  async validate(request: RequestHeaders): Promise<AuthenticatedUser> {
    const token = bearerTokenOf(request);
    if (token === undefined) throw new CredentialsRequiredException();
    const claims = this.verifier.verify(token);
    const { sub, sid } = claims;
    // Both lookups in one go: with Redis they share a round trip.
    const [revoked, change] = await Promise.all([
      this.revokedSessions.has(sid),
      this.accessChanges.get(sub),
    ]);
    // The user first: disabling also revokes the user's sessions, and says more about why.
    if (change?.refused) {
      throw new InvalidTokenException(
        'The user of this access token no longer exists or is disabled.',
        'unknown_user',
        sub,
      );
    }
    if (revoked) {
      throw new InvalidTokenException('The access token has been revoked.', 'revoked_token', sub);
    }
    const { email, roles } = change ?? claims;
    // A change published before changes carried it says nothing about it: the token's claim holds.
    const emailVerified = change?.emailVerified ?? claims.email_verified;
    return { id: sub, email, roles, emailVerified, sessionId: sid };
  }
}
