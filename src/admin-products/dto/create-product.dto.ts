import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsInt, IsOptional, IsString, Max, MaxLength, Min, MinLength } from 'class-validator';
import { Trim } from '../../validation/trim.decorator.js';

export class CreateProductDto {
  @ApiProperty({ example: 'Espresso machine', maxLength: 200 })
  @Trim()
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  name: string;

  @ApiProperty({
    type: 'integer',
    description: 'Price in integer cents',
    example: 24900,
    minimum: 0,
    maximum: 100_000_000,
  })
  @IsInt()
  @Min(0)
  @Max(100_000_000)
  priceCents: number;

  @ApiPropertyOptional({
    type: String,
    example: 'Fifteen bars, steam wand.',
    maxLength: 2000,
    nullable: true,
    description: '`null` leaves the product without one',
  })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  description?: string | null;
}
