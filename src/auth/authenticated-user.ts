import type { Role } from './role.enum.js';

/** What the JWT guard puts on `request.user`: the caller as the store knows them now. */
export interface AuthenticatedUser {
  id: string;
  email: string;
  roles: readonly Role[];
  emailVerified: boolean;
  sessionId: string;
}
