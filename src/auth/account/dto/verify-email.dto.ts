import { ApiProperty } from '@nestjs/swagger';
import { IsString, MaxLength, MinLength } from 'class-validator';

export class VerifyEmailDto {
  @ApiProperty({
    description: 'The token of the verification link (`?token=…`)',
    example: 'q3Vx0m8W1bqZbq9kQ0cJ5q6p1vW1u6m7kX9yS2cR4aE',
    maxLength: 128,
  })
  @IsString()
  @MinLength(1)
  @MaxLength(128)
  token: string;
}
