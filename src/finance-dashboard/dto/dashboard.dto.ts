import { ApiProperty } from '@nestjs/swagger';
import { DEFAULT_PAGE_SIZE } from '../../pagination/page-query.dto.js';
import { BudgetDto } from './budget.dto.js';

/** How many budgets the dashboard shows: the first page of GET /finance/budgets. */
export const DASHBOARD_BUDGETS = DEFAULT_PAGE_SIZE;

/** Only ever a part of DashboardDto, so it stays beside it. */
export class TotalsDto {
  @ApiProperty({ type: 'integer', example: 40_000 })
  limitCents: number;

  @ApiProperty({ type: 'integer', example: 1_250 })
  spentCents: number;

  @ApiProperty({ type: 'integer', example: 38_750 })
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
