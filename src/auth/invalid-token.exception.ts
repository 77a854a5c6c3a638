import { UnauthorizedException } from '@nestjs/common';

/**
 * A bearer token was presented but cannot be accepted (RFC 6750 §3.1 `invalid_token`).
 * The filter turns it into `WWW-Authenticate: Bearer realm="…", error="invalid_token", …`.
 */
export class InvalidTokenException extends UnauthorizedException {
  readonly bearerError = 'invalid_token';

  constructor(readonly description: string) {
    super(description);
  }
}
