import { ApiProperty } from '@nestjs/swagger';
import { ACCOUNT_EMAIL_RULE, IsAccountEmail } from '../../../validation/account-email.decorator.js';
import { PasswordRules } from '../../account/dto/password-rules.decorator.js';

export class RegisterDto {
  @ApiProperty({
    example: 'new.user@example.com',
    maxLength: 254,
    description: ACCOUNT_EMAIL_RULE,
  })
  @IsAccountEmail()
  email: string;

  @PasswordRules()
  password: string;
}
