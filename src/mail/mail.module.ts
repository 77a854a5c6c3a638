import { Module } from '@nestjs/common';
import { MailService } from './mail.service.js';

/** Outgoing email: SMTP when SMTP_URL is set, the log otherwise. */
@Module({
  providers: [MailService],
  exports: [MailService],
})
export class MailModule {}
