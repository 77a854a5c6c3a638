import { ApiProperty } from '@nestjs/swagger';

export class ProductDto {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty({ example: 'Espresso machine' })
  name: string;

  @ApiProperty({ type: 'integer', example: 24900 })
  priceCents: number;

  @ApiProperty({ type: String, nullable: true, example: 'Fifteen bars, steam wand.' })
  description: string | null;

  @ApiProperty({ type: String, format: 'date-time' })
  createdAt: Date;

  @ApiProperty({ type: String, format: 'date-time' })
  updatedAt: Date;
}
