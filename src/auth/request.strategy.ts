import passport from 'passport';

/** Passport's `verified` callback: an error, or else the user (false for none). */
export type Verified = (error: unknown, user?: unknown) => void;

/**
 * A passport strategy that hands the whole request to its verify function, which decides alone (as
 * passport-custom does). Under Nest's PassportStrategy mixin, that function calls `validate`.
 */
export class RequestStrategy extends passport.Strategy {
  constructor(private readonly verify: (request: unknown, verified: Verified) => void) {
    super();
  }

  override authenticate(request: unknown): void {
    this.verify(request, (error, user) => {
      if (error) this.error(error);
      else if (user) this.success(user);
      else this.fail();
    });
  }
}
