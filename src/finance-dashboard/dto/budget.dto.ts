import { ApiProperty } from '@nestjs/swagger';
import { DEFAULT_PAGE_SIZE } from '../../pagination/page-query.dto.js';

/** How many transactions a budget's detail shows; the rest are paged at /transactions. */
export const RECENT_TRANSACTIONS = 10;
/** How many budgets the dashboard shows: the first page of GET /finance/budgets. */
export const DASHBOARD_BUDGETS = DEFAULT_PAGE_SIZE;

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
  @ApiProperty({
    type: [TransactionDto],
    maxItems: RECENT_TRANSACTIONS,
    description: `The ${RECENT_TRANSACTIONS} most recent, newest first; all of them are paged at GET /finance/budgets/{id}/transactions`,
  })
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
  @ApiProperty({ type: TotalsDto, description: 'Over all of the caller’s budgets' })
  totals: TotalsDto;

  @ApiProperty({
    type: [BudgetDto],
    maxItems: DASHBOARD_BUDGETS,
    description: `The first ${DASHBOARD_BUDGETS} budgets, oldest first, as GET /finance/budgets pages them`,
  })
  budgets: BudgetDto[];

  @ApiProperty({
    type: String,
    nullable: true,
    description: 'The cursor of the next budgets at GET /finance/budgets; null when all are shown',
  })
  nextCursor: string | null;
}
