import { ApiProperty } from '@nestjs/swagger';
import { IsString, MaxLength, MinLength } from 'class-validator';
import { ACCOUNT_EMAIL_RULE, IsAccountEmail } from '../../../validation/account-email.decorator.js';

/** NIST SP 800-63B: 8 to 128 characters, no composition rules. */
export class RegisterDto {
  @ApiProperty({
    example: 'new.user@example.com',
    maxLength: 254,
    description: ACCOUNT_EMAIL_RULE,
  })
  @IsAccountEmail()
  email: string;

  @ApiProperty({ example: 'correct horse battery staple', minLength: 8, maxLength: 128 })
  @IsString()
  @MinLength(8)
  @MaxLength(128)
  password: string;
}
