import { IsNotEmpty, IsOptional, IsString, IsUrl } from 'class-validator';

/** Where the service's emails (password reset, email verification) go, and where their links point. */
export class MailEnvironment {
  /** smtp:// or smtps:// URL of the mail server. Unset outside production: emails go to the log. */
  @IsOptional()
  @IsString()
  SMTP_URL?: string;

  @IsString()
  @IsNotEmpty()
  MAIL_FROM = 'NestJS auth starter <no-reply@localhost>';

  /** The app that takes the tokens sent by email: links are `<APP_URL>/reset-password?token=…`. */
  @IsUrl({ require_tld: false, require_protocol: true, protocols: ['http', 'https'] })
  APP_URL = 'http://localhost:3000';
}
