import { ApiProperty } from '@nestjs/swagger';
import { IsString, MaxLength, MinLength } from 'class-validator';
import { ACCOUNT_EMAIL_RULE, IsAccountEmail } from '../../../validation/account-email.decorator.js';

export class LoginDto {
  @ApiProperty({
    example: 'user@example.com',
    maxLength: 254,
    description: ACCOUNT_EMAIL_RULE,
  })
  @IsAccountEmail()
  email: string;

  @ApiProperty({ example: 'demo-password', maxLength: 128 })
  @IsString()
  @MinLength(1)
  @MaxLength(128)
  password: string;
}
