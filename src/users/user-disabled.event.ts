/**
 * Emitted (awaited, after the change has committed) when an admin disables a user, so that whoever
 * keeps state for the user can drop it: auth ends their sessions. The users module knows no
 * listener, and auth depends on users, never the reverse.
 */
export class UserDisabledEvent {
  static readonly NAME = 'user.disabled';

  constructor(readonly userId: string) {}
}
