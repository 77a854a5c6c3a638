import { Injectable } from '@nestjs/common';
import { OnEvent } from '@nestjs/event-emitter';
import { UserDisabledEvent } from '../../users/user-disabled.event.js';
import { UserSessionsService } from './user-sessions.service.js';

/**
 * A disabled user's sessions end there and then: re-enabling the account later brings back none of
 * their old access or refresh tokens. Errors are not suppressed: the disabling request fails (and
 * can be repeated) rather than leave sessions that would come back to life.
 */
@Injectable()
export class EndSessionsOnDisable {
  constructor(private readonly sessions: UserSessionsService) {}

  @OnEvent(UserDisabledEvent.NAME, { suppressErrors: false })
  handle({ userId }: UserDisabledEvent): Promise<void> {
    return this.sessions.endAll(userId);
  }
}
