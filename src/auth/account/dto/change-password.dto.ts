import { ApiProperty } from '@nestjs/swagger';
import { IsString, MaxLength, MinLength } from 'class-validator';
import { PasswordRules } from './password-rules.decorator.js';

export class ChangePasswordDto {
  @ApiProperty({ example: 'demo-password', maxLength: 128 })
  @IsString()
  @MinLength(1)
  @MaxLength(128)
  currentPassword: string;

  @PasswordRules()
  newPassword: string;
}
