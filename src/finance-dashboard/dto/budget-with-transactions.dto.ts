import { ApiProperty } from '@nestjs/swagger';
import { BudgetDto } from './budget.dto.js';
import { TransactionDto } from './transaction.dto.js';

/** How many transactions a budget's detail shows; the rest are paged at /transactions. */
export const RECENT_TRANSACTIONS = 10;

export class BudgetWithTransactionsDto extends BudgetDto {
  @ApiProperty({
    type: [TransactionDto],
    maxItems: RECENT_TRANSACTIONS,
    description: `The ${RECENT_TRANSACTIONS} most recent, newest first; all of them are paged at GET /finance/budgets/{id}/transactions`,
  })
  transactions: TransactionDto[];
}
