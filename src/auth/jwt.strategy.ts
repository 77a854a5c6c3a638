import { Injectable } from '@nestjs/common';
import { PassportStrategy } from '@nestjs/passport';
import { ExtractJwt, Strategy } from 'passport-jwt';
import { UserAccessChanges } from '../users/user-access-changes.js';
import {
  ACCESS_TOKEN_ALGORITHM,
  AccessTokenClaims,
  AccessTokenService,
} from './sessions/access-token.service.js';
import type { AuthenticatedUser } from './authenticated-user.js';
import { InvalidTokenException } from './exceptions/invalid-token.exception.js';
import { RevokedSessions } from './sessions/revoked-sessions.js';
import { Role } from './role.enum.js';
import { withoutStackTraces } from './without-stack-traces.js';

type KeyCallback = (error: Error | null, key?: Buffer) => void;
const UNKNOWN_KEY = 'The access token names a signing key this service does not know.';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** A claim is only trusted as an id when it is a string (a signed `["<uuid>"]` is not). */
const isUuid = (claim: unknown): claim is string => typeof claim === 'string' && UUID.test(claim);
const KNOWN_ROLES = new Set<unknown>(Object.values(Role));
const isRoleList = (claim: unknown): claim is Role[] =>
  Array.isArray(claim) && claim.every((role) => KNOWN_ROLES.has(role));

/**
 * passport-jwt checks the signature (HS256 only), `exp`, `iss` and `aud`; `validate` then checks
 * that the session is not revoked and takes the user's email and roles from the token, unless the
 * user's access changed since it may have been signed. No database read on this path.
 */
@Injectable()
export class JwtStrategy extends PassportStrategy(Strategy) {
  constructor(
    tokens: AccessTokenService,
    private readonly accessChanges: UserAccessChanges,
    private readonly revokedSessions: RevokedSessions,
  ) {
    super({
      jwtFromRequest: ExtractJwt.fromAuthHeaderAsBearerToken(),
      // passport-jwt's types predate KeyObject; jsonwebtoken accepts it and skips re-deriving the key.
      secretOrKeyProvider: (_request: unknown, rawToken: string, done: KeyCallback) => {
        const key = tokens.keyFor(rawToken);
        if (key) done(null, key as unknown as Buffer);
        else done(new InvalidTokenException(UNKNOWN_KEY, 'bad_signature'));
      },
      algorithms: [ACCESS_TOKEN_ALGORITHM],
      issuer: tokens.issuer,
      audience: tokens.audience,
      ignoreExpiration: false,
      jsonWebTokenOptions: { clockTolerance: tokens.clockToleranceSeconds },
    });
  }

  /**
   * passport-jwt and jsonwebtoken refuse a missing, forged or expired token by creating Errors, and
   * passport hands them to JwtAuthGuard, which throws a 401: all synchronously, inside this call.
   * Without their stack traces a refused token costs no more than an accepted one.
   */
  override authenticate(request: Parameters<Strategy['authenticate']>[0], options?: unknown) {
    withoutStackTraces(() => super.authenticate(request, options));
  }

  async validate(claims: AccessTokenClaims): Promise<AuthenticatedUser> {
    const { sub, sid } = claims;
    if (
      !isUuid(sub) ||
      !isUuid(sid) ||
      typeof claims.email !== 'string' ||
      !isRoleList(claims.roles)
    ) {
      throw new InvalidTokenException('The access token is malformed.', 'malformed_token');
    }
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
    return { id: sub, email, roles, sessionId: sid };
  }
}
