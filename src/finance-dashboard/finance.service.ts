import { Inject, Injectable, NotFoundException } from '@nestjs/common';
import { and, asc, desc, eq, sql } from 'drizzle-orm';
import type { Database } from '../database/database-connection.js';
import { DRIZZLE } from '../database/database.constants.js';
import type {
  BudgetDto,
  BudgetWithTransactionsDto,
  DashboardDto,
  TransactionDto,
} from './dto/budget.dto.js';
import type { CreateBudgetDto } from './dto/create-budget.dto.js';
import type { CreateTransactionDto } from './dto/create-transaction.dto.js';
import type { UpdateBudgetDto } from './dto/update-budget.dto.js';
import { budgets, budgetTransactions } from './finance.schema.js';

/**
 * Every query is scoped to the caller's user id: another user's budget is indistinguishable from
 * a missing one (404), so its existence is never revealed.
 */
@Injectable()
export class FinanceService {
  constructor(@Inject(DRIZZLE) private readonly db: Database) {}

  async dashboard(userId: string): Promise<DashboardDto> {
    const list = await this.listBudgets(userId);
    const limit = list.reduce((sum, budget) => sum + budget.limitCents, 0);
    const spent = list.reduce((sum, budget) => sum + budget.spentCents, 0);
    return {
      totals: { limitCents: limit, spentCents: spent, remainingCents: limit - spent },
      budgets: list,
    };
  }

  async listBudgets(userId: string, budgetId?: string): Promise<BudgetDto[]> {
    // Summed per budget, through the index on budget_id. (A join with GROUP BY had the planner
    // hash-join every user's transactions, so a dashboard read grew with the whole table.)
    const spent = this.db
      .select({
        cents: sql<number>`coalesce(sum(${budgetTransactions.amountCents}), 0)`
          .mapWith(Number)
          .as('cents'),
      })
      .from(budgetTransactions)
      .where(eq(budgetTransactions.budgetId, budgets.id))
      .as('spent');
    const rows = await this.db
      .select({
        id: budgets.id,
        name: budgets.name,
        limitCents: budgets.limitCents,
        spentCents: spent.cents,
        createdAt: budgets.createdAt,
      })
      .from(budgets)
      .leftJoinLateral(spent, sql`true`)
      .where(and(eq(budgets.userId, userId), budgetId ? eq(budgets.id, budgetId) : undefined))
      .orderBy(asc(budgets.createdAt), asc(budgets.id));
    return rows.map((row) => ({ ...row, remainingCents: row.limitCents - row.spentCents }));
  }

  async getBudget(userId: string, budgetId: string): Promise<BudgetWithTransactionsDto> {
    const [budget] = await this.listBudgets(userId, budgetId);
    if (!budget) throw budgetNotFound();
    const transactions = await this.db
      .select()
      .from(budgetTransactions)
      .where(eq(budgetTransactions.budgetId, budgetId))
      .orderBy(desc(budgetTransactions.createdAt), desc(budgetTransactions.id));
    return Object.assign(budget, { transactions });
  }

  async createBudget(userId: string, input: CreateBudgetDto): Promise<BudgetDto> {
    const [budget] = await this.db
      .insert(budgets)
      .values({ userId, name: input.name, limitCents: input.limitCents })
      .returning({
        id: budgets.id,
        name: budgets.name,
        limitCents: budgets.limitCents,
        createdAt: budgets.createdAt,
      });
    return { ...budget, spentCents: 0, remainingCents: budget.limitCents };
  }

  async updateBudget(
    userId: string,
    budgetId: string,
    changes: UpdateBudgetDto,
  ): Promise<BudgetDto> {
    const { name, limitCents } = changes;
    if (name !== undefined || limitCents !== undefined) {
      const updated = await this.db
        .update(budgets)
        .set({ name, limitCents })
        .where(and(eq(budgets.id, budgetId), eq(budgets.userId, userId)))
        .returning({ id: budgets.id });
      if (updated.length === 0) throw budgetNotFound();
    }
    const [budget] = await this.listBudgets(userId, budgetId);
    if (!budget) throw budgetNotFound();
    return budget;
  }

  async deleteBudget(userId: string, budgetId: string): Promise<void> {
    const deleted = await this.db
      .delete(budgets)
      .where(and(eq(budgets.id, budgetId), eq(budgets.userId, userId)))
      .returning({ id: budgets.id });
    if (deleted.length === 0) throw budgetNotFound();
  }

  /** Locks the budget row, so a concurrent delete cannot leave the spending without its budget. */
  addTransaction(
    userId: string,
    budgetId: string,
    input: CreateTransactionDto,
  ): Promise<TransactionDto> {
    return this.db.transaction(async (tx) => {
      const [budget] = await tx
        .select({ id: budgets.id })
        .from(budgets)
        .where(and(eq(budgets.id, budgetId), eq(budgets.userId, userId)))
        .for('update');
      if (!budget) throw budgetNotFound();
      const [transaction] = await tx
        .insert(budgetTransactions)
        .values({ budgetId, amountCents: input.amountCents, description: input.description })
        .returning();
      return transaction;
    });
  }
}

function budgetNotFound(): NotFoundException {
  return new NotFoundException('Budget not found.');
}
