import { Injectable, Logger, OnApplicationShutdown } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import nodemailer, { type Transporter } from 'nodemailer';
import type { Environment } from '../config/environment.js';

export interface MailMessage {
  to: string;
  subject: string;
  text: string;
}

/** Seconds to wait on the mail server, so a stuck one cannot pile up deliveries. */
const SMTP_TIMEOUT_MS = 10_000;

/**
 * Sends plain-text emails through SMTP_URL. Without it (never in production: the environment check
 * refuses that), each email is written to the log instead, links included, so the flows that send
 * mail work on a laptop with nothing to install.
 */
@Injectable()
export class MailService implements OnApplicationShutdown {
  private readonly logger = new Logger(MailService.name);
  private readonly transport: Transporter | undefined;
  private readonly from: string;

  constructor(config: ConfigService<Environment, true>) {
    const url = config.get('SMTP_URL', { infer: true });
    this.from = config.get('MAIL_FROM', { infer: true });
    // Nothing connects until the first email is sent.
    this.transport = url
      ? nodemailer.createTransport({
          url,
          connectionTimeout: SMTP_TIMEOUT_MS,
          greetingTimeout: SMTP_TIMEOUT_MS,
          socketTimeout: SMTP_TIMEOUT_MS,
        })
      : undefined;
  }

  async send({ to, subject, text }: MailMessage): Promise<void> {
    if (!this.transport) {
      this.logger.log(
        `Email to ${to} (SMTP_URL is not set: logged, not sent) "${subject}"\n${text}`,
      );
      return;
    }
    await this.transport.sendMail({ from: this.from, to, subject, text });
  }

  onApplicationShutdown(): void {
    this.transport?.close();
  }
}
