import { Inject, Injectable, NotFoundException } from '@nestjs/common';
import { and, eq, sql } from 'drizzle-orm';
import type { Database } from '../database/database-connection.js';
import { DRIZZLE } from '../database/database.constants.js';
import type { KeysetPosition } from '../pagination/keyset-order.js';
import type { PageDto } from '../pagination/page.dto.js';
import type { PageQueryDto } from '../pagination/page-query.dto.js';
import { PaginationService } from '../pagination/pagination.service.js';
import type { BudgetDto } from './dto/budget.dto.js';
import {
  type BudgetWithTransactionsDto,
  RECENT_TRANSACTIONS,
} from './dto/budget-with-transactions.dto.js';
import type { CreateBudgetDto } from './dto/create-budget.dto.js';
import type { CreateTransactionDto } from './dto/create-transaction.dto.js';
import { DASHBOARD_BUDGETS, type DashboardDto } from './dto/dashboard.dto.js';
import type { TransactionDto } from './dto/transaction.dto.js';
import type { UpdateBudgetDto } from './dto/update-budget.dto.js';
import {
  budgetColumns,
  budgetList,
  budgetOrder,
  transactionColumns,
  transactionList,
  transactionOrder,
} from './finance-dashboard.lists.js';
import { budgets, budgetTransactions } from './finance-dashboard.schema.js';

/**
 * Every query is scoped to the caller's user id: another user's budget is indistinguishable from
 * a missing one (404), so its existence is never revealed.
 */
@Injectable()
export class FinanceDashboardService {
  constructor(
    @Inject(DRIZZLE) private readonly db: Database,
    private readonly pagination: PaginationService,
  ) {}

  /**
   * One statement, whatever the number of transactions: spending is read from budgets.spent_cents
   * (kept by addTransaction), and the totals over all the caller's budgets are window sums over the
   * same index scan that returns the first page.
   */
  async dashboard(userId: string): Promise<DashboardDto> {
    const rows = await this.db
      .select({
        ...budgetColumns,
        position: budgetOrder.position,
        totalLimitCents: sql<number>`sum(${budgets.limitCents}) over ()`.mapWith(Number),
        totalSpentCents: sql<number>`sum(${budgets.spentCents}) over ()`.mapWith(Number),
      })
      .from(budgets)
      .where(eq(budgets.userId, userId))
      .orderBy(...budgetOrder.orderBy)
      .limit(DASHBOARD_BUDGETS + 1);
    const limitCents = rows[0]?.totalLimitCents ?? 0;
    const spentCents = rows[0]?.totalSpentCents ?? 0;
    const page = this.pagination.page(
      budgetList(userId),
      rows.map(({ totalLimitCents: _limit, totalSpentCents: _spent, ...budget }) => budget),
      DASHBOARD_BUDGETS,
    );
    return {
      totals: { limitCents, spentCents, remainingCents: limitCents - spentCents },
      budgets: page.items,
      nextCursor: page.nextCursor,
    };
  }

  async listBudgets(userId: string, { limit, cursor }: PageQueryDto): Promise<PageDto<BudgetDto>> {
    const list = budgetList(userId);
    const rows = await this.db
      .select({ ...budgetColumns, position: budgetOrder.position })
      .from(budgets)
      .where(
        and(eq(budgets.userId, userId), budgetOrder.after(this.pagination.after(list, cursor))),
      )
      .orderBy(...budgetOrder.orderBy)
      .limit(limit + 1);
    return this.pagination.page(list, rows, limit);
  }

  async getBudget(userId: string, budgetId: string): Promise<BudgetWithTransactionsDto> {
    const budget = await this.findBudget(userId, budgetId);
    const recent = await this.transactionsOf(userId, budgetId).limit(RECENT_TRANSACTIONS);
    const { items } = this.pagination.page(transactionList(budgetId), recent, RECENT_TRANSACTIONS);
    return Object.assign(budget, { transactions: items });
  }

  /** 404 for a budget that is not the caller's, even with a cursor. */
  async listTransactions(
    userId: string,
    budgetId: string,
    { limit, cursor }: PageQueryDto,
  ): Promise<PageDto<TransactionDto>> {
    const list = transactionList(budgetId);
    const after = this.pagination.after(list, cursor);
    const rows = await this.transactionsOf(userId, budgetId, after).limit(limit + 1);
    if (rows.length === 0) await this.findBudget(userId, budgetId);
    return this.pagination.page(list, rows, limit);
  }

  async createBudget(userId: string, input: CreateBudgetDto): Promise<BudgetDto> {
    const [budget] = await this.db
      .insert(budgets)
      .values({ userId, name: input.name, limitCents: input.limitCents })
      .returning(budgetColumns);
    return budget;
  }

  async updateBudget(
    userId: string,
    budgetId: string,
    changes: UpdateBudgetDto,
  ): Promise<BudgetDto> {
    const { name, limitCents } = changes;
    if (name === undefined && limitCents === undefined) return this.findBudget(userId, budgetId);
    const [updated] = await this.db
      .update(budgets)
      .set({ name, limitCents })
      .where(and(eq(budgets.id, budgetId), eq(budgets.userId, userId)))
      .returning(budgetColumns);
    if (!updated) throw budgetNotFound();
    return updated;
  }

  async deleteBudget(userId: string, budgetId: string): Promise<void> {
    const deleted = await this.db
      .delete(budgets)
      .where(and(eq(budgets.id, budgetId), eq(budgets.userId, userId)))
      .returning({ id: budgets.id });
    if (deleted.length === 0) throw budgetNotFound();
  }

  /**
   * Adds to the budget's spent_cents and records the transaction in one database transaction. The
   * update locks the budget row first: concurrent additions serialise, and a concurrent delete
   * cannot leave the spending without its budget.
   */
  addTransaction(
    userId: string,
    budgetId: string,
    input: CreateTransactionDto,
  ): Promise<TransactionDto> {
    return this.db.transaction(async (tx) => {
      const [budget] = await tx
        .update(budgets)
        .set({ spentCents: sql`${budgets.spentCents} + ${input.amountCents}` })
        .where(and(eq(budgets.id, budgetId), eq(budgets.userId, userId)))
        .returning({ id: budgets.id });
      if (!budget) throw budgetNotFound();
      const [transaction] = await tx
        .insert(budgetTransactions)
        .values({ budgetId, amountCents: input.amountCents, description: input.description })
        .returning(transactionColumns);
      return transaction;
    });
  }

  private async findBudget(userId: string, budgetId: string): Promise<BudgetDto> {
    const [budget] = await this.db
      .select(budgetColumns)
      .from(budgets)
      .where(and(eq(budgets.id, budgetId), eq(budgets.userId, userId)));
    if (!budget) throw budgetNotFound();
    return budget;
  }

  /** The budget's transactions, newest first, joined to the budget so the caller must own it. */
  private transactionsOf(userId: string, budgetId: string, after?: KeysetPosition) {
    return this.db
      .select({ ...transactionColumns, position: transactionOrder.position })
      .from(budgetTransactions)
      .innerJoin(budgets, eq(budgets.id, budgetTransactions.budgetId))
      .where(
        and(
          eq(budgetTransactions.budgetId, budgetId),
          eq(budgets.userId, userId),
          transactionOrder.after(after),
        ),
      )
      .orderBy(...transactionOrder.orderBy);
  }
}

/** Also the OpenAPI document's example of the 404. */
export function budgetNotFound(): NotFoundException {
  return new NotFoundException('Budget not found.');
}
