import { ApiProperty } from '@nestjs/swagger';

export class TransactionDto {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty({ format: 'uuid' })
  budgetId: string;

  @ApiProperty({ example: 1_250 })
  amountCents: number;

  @ApiProperty({ example: 'Farmers market' })
  description: string;

  @ApiProperty({ type: String, format: 'date-time' })
  createdAt: Date;
}

export class BudgetDto {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty({ example: 'Groceries' })
  name: string;

  @ApiProperty({ example: 40_000 })
  limitCents: number;

  @ApiProperty({ example: 1_250 })
  spentCents: number;

  @ApiProperty({ description: 'limitCents − spentCents; negative when overspent', example: 38_750 })
  remainingCents: number;

  @ApiProperty({ type: String, format: 'date-time' })
  createdAt: Date;
}

export class BudgetWithTransactionsDto extends BudgetDto {
  @ApiProperty({ type: [TransactionDto] })
  transactions: TransactionDto[];
}

export class TotalsDto {
  @ApiProperty({ example: 40_000 })
  limitCents: number;

  @ApiProperty({ example: 1_250 })
  spentCents: number;

  @ApiProperty({ example: 38_750 })
  remainingCents: number;
}

export class DashboardDto {
  @ApiProperty({ type: TotalsDto })
  totals: TotalsDto;

  @ApiProperty({ type: [BudgetDto] })
  budgets: BudgetDto[];
}
