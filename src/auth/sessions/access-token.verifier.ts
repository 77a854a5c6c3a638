import { Injectable } from '@nestjs/common';
import { createHmac, KeyObject, timingSafeEqual } from 'node:crypto';
import type { AuditReason } from '../../audit/audit-reason.js';
import { InvalidTokenException } from '../exceptions/invalid-token.exception.js';
import { Role } from '../role.enum.js';
import {
  ACCESS_TOKEN_ALGORITHM,
  type AccessTokenClaims,
  AccessTokenService,
} from './access-token.service.js';

/** What the guard needs from a verified access token. */
export type VerifiedClaims = Pick<
  AccessTokenClaims,
  'sub' | 'sid' | 'email' | 'roles' | 'email_verified'
>;

/** Each way a token can fail: its `error_description` and its audit reason. */
export const TOKEN_REFUSALS = {
  malformed: ['The access token is malformed.', 'malformed_token'],
  signature: ['The access token signature is invalid.', 'bad_signature'],
  unknownKey: ['The access token names a signing key this service does not know.', 'bad_signature'],
  critical: [
    'The access token has critical header parameters this service does not understand.',
    'malformed_token',
  ],
  foreign: ['The access token was not issued for this service.', 'malformed_token'],
  expired: ['The access token expired.', 'expired_token'],
  notYetValid: ['The access token is not valid yet.', 'malformed_token'],
  tooLong: [
    'The access token lives longer than this service issues tokens for.',
    'malformed_token',
  ],
} as const satisfies Record<string, readonly [string, AuditReason]>;

export type TokenRefusal = keyof typeof TOKEN_REFUSALS;

function refuse(refusal: TokenRefusal): never {
  const [description, reason] = TOKEN_REFUSALS[refusal];
  throw new InvalidTokenException(description, reason);
}

/** One base64url segment, unpadded (RFC 7515 §2). */
const SEGMENT = /^[\w-]+$/;
/** Ids as this service writes them: lower case, so no other spelling slips past a revocation. */
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const KNOWN_ROLES = new Set<unknown>(Object.values(Role));
/** Strict: invalid UTF-8 or a byte order mark (RFC 8259 §8.1: never sent) leaves the JSON unparsable. */
const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);
const isUuid = (claim: unknown): claim is string => typeof claim === 'string' && UUID.test(claim);
/** A NumericDate as this service writes it: whole seconds. */
const isTime = (claim: unknown): claim is number => Number.isSafeInteger(claim);
const isRoleList = (claim: unknown): claim is Role[] =>
  Array.isArray(claim) && claim.every((role) => KNOWN_ROLES.has(role));

/** A segment's JSON: UTF-8 (RFC 7515 §5.2, RFC 7519 §7.2) that parses. */
function parseSegment(segment: string): unknown {
  try {
    return JSON.parse(utf8.decode(Buffer.from(segment, 'base64url'))) as unknown;
  } catch {
    return refuse('malformed');
  }
}

/**
 * Verifies an access token (a compact JWS) in one pass, decoding each part once, and refuses
 * anything this service would not have signed (RFC 8725): another algorithm, a `crit` header
 * (RFC 7515 §4.1.11: it understands no extension), a payload that is not a claims object, and claims
 * that are missing, mistyped, expired, not yet valid, longer-lived than JWT_ACCESS_TTL or not in
 * canonical form. Each failure throws its own InvalidTokenException; no database is read.
 */
@Injectable()
export class AccessTokenVerifier {
  private readonly tolerance: number;
  private readonly maxLifetime: number;

  constructor(private readonly tokens: AccessTokenService) {
    this.tolerance = tokens.clockToleranceSeconds;
    this.maxLifetime = tokens.ttlSeconds + tokens.clockToleranceSeconds;
  }

  verify(token: string): VerifiedClaims {
    const parts = token.split('.');
    if (parts.length !== 3) refuse('malformed');
    const [header, payload, signature] = parts as [string, string, string];
    // An empty signature (`alg: none`) is refused below, as a signature that does not match.
    if (!SEGMENT.test(header) || !SEGMENT.test(payload) || !/^[\w-]*$/.test(signature)) {
      refuse('malformed');
    }
    // The header of a token this service signed is known byte for byte: no need to parse it.
    const key = this.tokens.keyForHeader(header) ?? this.keyNamedBy(parseSegment(header));
    const expected = createHmac('sha256', key)
      .update(token.slice(0, header.length + 1 + payload.length))
      .digest('base64url');
    if (
      signature.length !== expected.length ||
      !timingSafeEqual(Buffer.from(signature), Buffer.from(expected))
    ) {
      refuse('signature');
    }
    return this.checkClaims(parseSegment(payload));
  }

  private keyNamedBy(header: unknown): KeyObject {
    if (!isObject(header)) refuse('malformed');
    if (header.alg !== ACCESS_TOKEN_ALGORITHM) refuse('signature');
    if (Object.hasOwn(header, 'crit')) refuse('critical');
    const { typ, kid } = header;
    if (typ !== undefined && (typeof typ !== 'string' || typ.toUpperCase() !== 'JWT')) {
      refuse('malformed');
    }
    const key =
      kid === undefined
        ? this.tokens.currentKey
        : typeof kid === 'string' && this.tokens.keyById(kid);
    if (!key) refuse('unknownKey');
    return key;
  }

  private checkClaims(claims: unknown): VerifiedClaims {
    if (!isObject(claims)) refuse('malformed');
    const { exp, iat, nbf, iss, aud, sub, sid, email, roles, email_verified } = claims;
    if (!isTime(exp) || !isTime(iat) || (nbf !== undefined && !isTime(nbf))) refuse('malformed');
    if (iss !== this.tokens.issuer || aud !== this.tokens.audience) refuse('foreign');
    const now = Math.floor(Date.now() / 1000);
    if (now >= exp + this.tolerance) refuse('expired');
    if (iat > now + this.tolerance || (nbf !== undefined && nbf > now + this.tolerance)) {
      refuse('notYetValid');
    }
    if (exp - iat > this.maxLifetime) refuse('tooLong');
    if (
      !isUuid(sub) ||
      !isUuid(sid) ||
      typeof email !== 'string' ||
      !isRoleList(roles) ||
      typeof email_verified !== 'boolean'
    ) {
      refuse('malformed');
    }
    return { sub, sid, email, roles, email_verified };
  }
}
