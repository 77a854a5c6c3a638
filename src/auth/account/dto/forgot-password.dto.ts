import { ApiProperty } from '@nestjs/swagger';
import { ACCOUNT_EMAIL_RULE, IsAccountEmail } from '../../../validation/account-email.decorator.js';

export class ForgotPasswordDto {
  @ApiProperty({ example: 'user@example.com', maxLength: 254, description: ACCOUNT_EMAIL_RULE })
  @IsAccountEmail()
  email: string;
}
