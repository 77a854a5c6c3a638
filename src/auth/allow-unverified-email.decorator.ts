import { SetMetadata } from '@nestjs/common';
import { ALLOW_UNVERIFIED_EMAIL_KEY } from './auth.constants.js';

/**
 * Opens a route (or a whole controller) to signed-in users whose email is not verified yet, when
 * REQUIRE_VERIFIED_EMAIL is on: the /auth routes, which such a user needs to get verified.
 * Public routes need no such mark.
 */
export const AllowUnverifiedEmail = () => SetMetadata(ALLOW_UNVERIFIED_EMAIL_KEY, true);
