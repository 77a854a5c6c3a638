import { BeforeApplicationShutdown, Injectable, Logger } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import type { Environment } from '../../config/environment.js';
import { type MailMessage, MailService } from '../../mail/mail.service.js';

/**
 * Sends the emails of the account flows after the response has gone, so a request takes the same
 * time whether or not an email (and the token in it) was prepared, and a mail server that is slow
 * or down neither delays the answer nor changes it. A failure is logged, never the token.
 */
@Injectable()
export class AccountMail implements BeforeApplicationShutdown {
  private readonly logger = new Logger(AccountMail.name);
  private readonly appUrl: string;
  private readonly pending = new Set<Promise<void>>();

  constructor(
    private readonly mail: MailService,
    config: ConfigService<Environment, true>,
  ) {
    this.appUrl = config.get('APP_URL', { infer: true }).replace(/\/+$/, '');
  }

  /** The link into the app that takes the token, e.g. `<APP_URL>/reset-password?token=…`. */
  link(page: 'reset-password' | 'verify-email', token: string): string {
    return `${this.appUrl}/${page}?token=${encodeURIComponent(token)}`;
  }

  /** Runs `compose` in the background and sends what it returns (nothing when undefined). */
  sendLater(kind: string, compose: () => Promise<MailMessage | undefined>): void {
    const task = compose()
      .then((message) => message && this.mail.send(message))
      .catch((error: unknown) => {
        const reason = error instanceof Error ? error.message : String(error);
        this.logger.error(`${kind} email not sent: ${reason}`);
      })
      .finally(() => this.pending.delete(task));
    this.pending.add(task);
  }

  /** Resolves once every email under way was sent or failed. */
  async idle(): Promise<void> {
    await Promise.all(this.pending);
  }

  /** Lets the emails under way finish before the database and the mail transport close. */
  beforeApplicationShutdown(): Promise<void> {
    return this.idle();
  }
}
