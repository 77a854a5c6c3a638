import { ConflictException, Injectable } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import type { Environment } from '../../config/environment.js';
import type { MailMessage } from '../../mail/mail.service.js';
import { UsersService } from '../../users/users.service.js';
import type { AuthenticatedUser } from '../authenticated-user.js';
import { LinkTokenRefusedException } from '../exceptions/link-token-refused.exception.js';
import { AccountMail } from './account-mail.js';
import { AccountTokens } from './account-tokens.service.js';
import {
  VERIFICATION_SENT_MESSAGE,
  type VerificationSentDto,
} from './dto/verification-sent.dto.js';
import { VerificationRequestThrottle } from './verification-request-throttle.js';

export const VERIFICATION_TOKEN_REFUSED =
  'The email verification token is invalid, expired or already used: ask for a new verification link.';
export const ALREADY_VERIFIED = 'The email address is already verified.';

/** Proving that a user receives mail at their address, through a single-use link sent there. */
@Injectable()
export class EmailVerificationService {
  private readonly ttlSeconds: number;

  constructor(
    private readonly users: UsersService,
    private readonly tokens: AccountTokens,
    private readonly mail: AccountMail,
    private readonly throttle: VerificationRequestThrottle,
    config: ConfigService<Environment, true>,
  ) {
    this.ttlSeconds = config.get('EMAIL_VERIFICATION_TTL', { infer: true });
  }

  /**
   * After a registration: the token is issued and emailed once the response has gone, so neither
   * the database nor the mail server can delay or fail the registration.
   */
  sendLinkLater(user: { id: string; email: string }): void {
    this.mail.sendLater('Verification', async () => {
      const token = await this.tokens.issue(user.id, 'email_verification', this.ttlSeconds);
      return this.message(user.email, token);
    });
  }

  /**
   * A new link for the signed-in user; their older unused ones stop working. The token is issued
   * before the answer (the caller is known: nothing to hide), the email sent after it.
   */
  async resend(user: AuthenticatedUser): Promise<VerificationSentDto> {
    if (user.emailVerified) throw new ConflictException(ALREADY_VERIFIED);
    await this.throttle.take(user.id);
    const token = await this.tokens.issue(user.id, 'email_verification', this.ttlSeconds);
    this.mail.sendLater('Verification', () => Promise.resolve(this.message(user.email, token)));
    return { message: VERIFICATION_SENT_MESSAGE };
  }

  /**
   * Spends the token in one statement (two requests with it cannot both succeed), then records the
   * verification, which lets the user's current access tokens through the rule at once.
   */
  async verify(token: string): Promise<void> {
    const userId = await this.tokens.consume(token, 'email_verification');
    if (userId === undefined) throw new LinkTokenRefusedException(VERIFICATION_TOKEN_REFUSED);
    await this.users.markEmailVerified(userId);
  }

  private message(to: string, token: string): MailMessage {
    const hours = Math.round(this.ttlSeconds / 3600);
    return {
      to,
      subject: 'Verify your email address',
      text: [
        'Welcome! To confirm that this email address is yours, open this link',
        `within ${hours > 0 ? `${hours} hours` : `${Math.round(this.ttlSeconds / 60)} minutes`}:`,
        '',
        this.mail.link('verify-email', token),
        '',
        'The link works once. If you did not create an account, ignore this email.',
      ].join('\n'),
    };
  }
}
