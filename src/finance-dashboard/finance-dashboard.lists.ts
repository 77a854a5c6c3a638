import { sql } from 'drizzle-orm';
import { KeysetOrder } from '../pagination/keyset-order.js';
import type { ListKey } from '../pagination/pagination.service.js';
import { budgets, budgetTransactions } from './finance-dashboard.schema.js';

/* How the finance lists are read: the columns they return, their keyset orders and list keys. */

export const budgetColumns = {
  id: budgets.id,
  name: budgets.name,
  limitCents: budgets.limitCents,
  spentCents: budgets.spentCents,
  remainingCents: sql<number>`${budgets.limitCents} - ${budgets.spentCents}`.mapWith(Number),
  createdAt: budgets.createdAt,
};
export const transactionColumns = {
  id: budgetTransactions.id,
  budgetId: budgetTransactions.budgetId,
  amountCents: budgetTransactions.amountCents,
  description: budgetTransactions.description,
  createdAt: budgetTransactions.createdAt,
};
/** Oldest first, through the (user_id, created_at, id) index. */
export const budgetOrder = new KeysetOrder(budgets.createdAt, budgets.id, 'asc');
/** Newest first, through the (budget_id, created_at, id) index read backwards. */
export const transactionOrder = new KeysetOrder(
  budgetTransactions.createdAt,
  budgetTransactions.id,
  'desc',
);
export const budgetList = (userId: string): ListKey => ['budgets', userId];
export const transactionList = (budgetId: string): ListKey => ['transactions', budgetId];
