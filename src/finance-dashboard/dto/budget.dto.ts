import { ApiProperty } from '@nestjs/swagger';

export class BudgetDto {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty({ example: 'Groceries' })
  name: string;

  @ApiProperty({ type: 'integer', example: 40_000 })
  limitCents: number;

  @ApiProperty({ type: 'integer', example: 1_250 })
  spentCents: number;

  @ApiProperty({
    type: 'integer',
    description: 'limitCents − spentCents; negative when overspent',
    example: 38_750,
  })
  remainingCents: number;

  @ApiProperty({ type: String, format: 'date-time' })
  createdAt: Date;
}
