import { Inject, Injectable } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import type { Environment } from '../../config/environment.js';
import type { Database } from '../../database/database-connection.js';
import { DRIZZLE } from '../../database/database.constants.js';
import { PasswordHasher } from '../../users/password-hasher.js';
import { UsersService } from '../../users/users.service.js';
import { canonicalEmail } from '../../validation/account-email.js';
import type { AuthenticatedUser } from '../authenticated-user.js';
import { CurrentPasswordRefusedException } from '../exceptions/current-password-refused.exception.js';
import { LinkTokenRefusedException } from '../exceptions/link-token-refused.exception.js';
import { LoginThrottle } from '../sessions/login-throttle.js';
import { UserSessionsService } from '../sessions/user-sessions.service.js';
import { AccountMail } from './account-mail.js';
import { AccountTokens } from './account-tokens.service.js';
import type { ChangePasswordDto } from './dto/change-password.dto.js';
import type { ResetPasswordDto } from './dto/reset-password.dto.js';
import { RESET_REQUESTED_MESSAGE, type ResetRequestedDto } from './dto/reset-requested.dto.js';
import { ResetRequestThrottle } from './reset-request-throttle.js';

export const RESET_TOKEN_REFUSED =
  'The password reset token is invalid, expired or already used: ask for a new reset link.';

/** Changing a known password, and resetting a forgotten one through a link sent by email. */
@Injectable()
export class PasswordService {
  private readonly resetTtlSeconds: number;

  constructor(
    @Inject(DRIZZLE) private readonly db: Database,
    private readonly users: UsersService,
    private readonly passwords: PasswordHasher,
    private readonly sessions: UserSessionsService,
    private readonly tokens: AccountTokens,
    private readonly mail: AccountMail,
    private readonly loginThrottle: LoginThrottle,
    private readonly resetThrottle: ResetRequestThrottle,
    config: ConfigService<Environment, true>,
  ) {
    this.resetTtlSeconds = config.get('PASSWORD_RESET_TTL', { infer: true });
  }

  /**
   * A wrong current password counts as a failed sign-in (per account and address), so this route
   * cannot be used to guess passwords past the login throttle. The caller's own session stays.
   */
  async change(
    user: AuthenticatedUser,
    { currentPassword, newPassword }: ChangePasswordDto,
    clientAddress: string,
  ): Promise<void> {
    const attempt = this.loginThrottle.keys(clientAddress, canonicalEmail(user.email));
    await this.loginThrottle.take(attempt);
    const credentials = await this.users.findCredentials(user.email);
    const valid =
      credentials?.id === user.id &&
      (await this.passwords.verify(credentials.passwordHash, currentPassword));
    if (!valid) throw new CurrentPasswordRefusedException(user.id);
    await this.loginThrottle.giveBack(attempt);

    await this.users.setPasswordHash(user.id, await this.passwords.hash(newPassword));
    await this.tokens.revokeAll(user.id, 'password_reset');
    await this.sessions.endOthers(user.id, user.sessionId);
  }

  /**
   * Answers the same, after the same work, whether or not an account has the email: the account is
   * looked up, and the token issued and emailed, only after the response.
   */
  async requestReset(email: string): Promise<ResetRequestedDto> {
    await this.resetThrottle.take(canonicalEmail(email));
    this.mail.sendLater('Password reset', async () => {
      const user = await this.users.findCredentials(email);
      if (!user || user.disabled) return undefined;
      const token = await this.tokens.issue(user.id, 'password_reset', this.resetTtlSeconds);
      return {
        to: user.email,
        subject: 'Reset your password',
        text: resetEmail(this.mail.link('reset-password', token), this.resetTtlSeconds),
      };
    });
    return { message: RESET_REQUESTED_MESSAGE };
  }

  /** Spends the token and sets the password together, then ends every session of the user. */
  async reset({ token, newPassword }: ResetPasswordDto): Promise<void> {
    const passwordHash = await this.passwords.hash(newPassword);
    const userId = await this.db.transaction(async (tx) => {
      const owner = await this.tokens.consume(token, 'password_reset', tx);
      if (owner !== undefined) await this.users.setPasswordHash(owner, passwordHash, tx);
      return owner;
    });
    if (userId === undefined) throw new LinkTokenRefusedException(RESET_TOKEN_REFUSED);
    await this.sessions.endAll(userId);
  }
}

function resetEmail(link: string, ttlSeconds: number): string {
  return [
    'Someone, hopefully you, asked to reset the password of your account.',
    `Choose a new password within ${Math.round(ttlSeconds / 60)} minutes at:`,
    '',
    link,
    '',
    'The link works once. If you did not ask for it, ignore this email: your password stays as it is.',
    'Resetting it signs you out everywhere.',
  ].join('\n');
}
