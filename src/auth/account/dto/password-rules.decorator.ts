import { applyDecorators } from '@nestjs/common';
import { ApiProperty } from '@nestjs/swagger';
import { IsString, MaxLength, MinLength } from 'class-validator';

/** A password being chosen, wherever: NIST SP 800-63B, 8 to 128 characters, no composition rules. */
export const PasswordRules = () =>
  applyDecorators(
    ApiProperty({ example: 'correct horse battery staple', minLength: 8, maxLength: 128 }),
    IsString(),
    MinLength(8),
    MaxLength(128),
  );
