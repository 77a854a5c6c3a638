import { ApiProperty } from '@nestjs/swagger';
import { IsInt, IsString, Max, MaxLength, Min, MinLength } from 'class-validator';
import { Trim } from '../../validation/trim.decorator.js';
import { MAX_CENTS } from './create-budget.dto.js';

export class CreateTransactionDto {
  @ApiProperty({
    type: 'integer',
    description: 'Amount spent, in integer cents',
    example: 1_250,
    minimum: 1,
    maximum: MAX_CENTS,
  })
  @IsInt()
  @Min(1)
  @Max(MAX_CENTS)
  amountCents: number;

  @ApiProperty({ example: 'Farmers market', maxLength: 200 })
  @Trim()
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  description: string;
}
