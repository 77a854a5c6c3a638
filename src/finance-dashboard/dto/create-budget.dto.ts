import { ApiProperty } from '@nestjs/swagger';
import { IsInt, IsString, Max, MaxLength, Min, MinLength } from 'class-validator';
import { Trim } from '../../validation/trim.decorator.js';

/** Amounts are integer cents, never floats. The cap keeps sums far inside PostgreSQL's integer. */
export const MAX_CENTS = 1_000_000_000;

export class CreateBudgetDto {
  @ApiProperty({ example: 'Groceries', maxLength: 100 })
  @Trim()
  @IsString()
  @MinLength(1)
  @MaxLength(100)
  name: string;

  @ApiProperty({
    type: 'integer',
    description: 'Monthly limit in integer cents',
    example: 40_000,
    minimum: 0,
    maximum: MAX_CENTS,
  })
  @IsInt()
  @Min(0)
  @Max(MAX_CENTS)
  limitCents: number;
}
