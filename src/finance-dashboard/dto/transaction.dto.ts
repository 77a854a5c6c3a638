import { ApiProperty } from '@nestjs/swagger';

export class TransactionDto {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty({ format: 'uuid' })
  budgetId: string;

  @ApiProperty({ type: 'integer', example: 1_250 })
  amountCents: number;

  @ApiProperty({ example: 'Farmers market' })
  description: string;

  @ApiProperty({ type: String, format: 'date-time' })
  createdAt: Date;
}
