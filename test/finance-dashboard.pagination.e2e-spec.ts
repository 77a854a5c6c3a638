import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import request from 'supertest';
import {
  BAD_LIMITS,
  CURSOR_ERRORS,
  FORGED_CURSORS,
  onePage,
  type PageBody,
  readAllPages,
  tampered,
} from './support/pages.js';
import { invalid, JSON_TYPE, problem, PROBLEM_JSON } from './support/problems.js';
import { createTestApp } from './support/test-app.js';
import { bearer, signIn, type SignedInUser } from './support/users.js';

interface Budget {
  id: string;
  name: string;
  limitCents: number;
  spentCents: number;
  remainingCents: number;
}

interface Transaction {
  id: string;
  amountCents: number;
}

const transactionsPath = (id: string) => `/finance/budgets/${id}/transactions`;

describe('Pagination of the finance lists (e2e)', () => {
  let app: NestFastifyApplication;
  const http = () => request(app.getHttpServer());
  const withQuery = (path: string, query: Record<string, string>) =>
    `${path}?${new URLSearchParams(query).toString()}`;

  beforeAll(async () => {
    app = await createTestApp();
  });

  afterAll(async () => {
    await app.close();
  });

  async function get<T>(user: SignedInUser, path: string, query: Record<string, string> = {}) {
    const response = await http()
      .get(withQuery(path, query))
      .set(bearer(user.accessToken))
      .expect(200)
      .expect('content-type', JSON_TYPE);
    return response.body as T;
  }

  function refused(user: SignedInUser, path: string, query: Record<string, string>) {
    return http()
      .get(withQuery(path, query))
      .set(bearer(user.accessToken))
      .expect('content-type', PROBLEM_JSON);
  }

  async function expectCursorRefused(user: SignedInUser, path: string, cursor: string) {
    const response = await refused(user, path, { cursor });
    expect(response.status).toBe(400);
    expect(response.body).toEqual(invalid(withQuery(path, { cursor }), CURSOR_ERRORS));
  }

  async function createBudget(user: SignedInUser, name: string, limitCents = 10_000) {
    const response = await http()
      .post('/finance/budgets')
      .set(bearer(user.accessToken))
      .send({ name, limitCents })
      .expect(201);
    return response.body as Budget;
  }

  async function spend(user: SignedInUser, budgetId: string, amountCents: number) {
    const response = await http()
      .post(transactionsPath(budgetId))
      .set(bearer(user.accessToken))
      .send({ amountCents, description: `Spent ${amountCents}` })
      .expect(201);
    return response.body as Transaction;
  }

  async function budgetsOf(user: SignedInUser, count: number): Promise<Budget[]> {
    const created: Budget[] = [];
    for (let i = 0; i < count; i++) created.push(await createBudget(user, `Budget ${i}`, 1_000));
    return created;
  }

  const budgetPage = (user: SignedInUser, query: Record<string, string>) =>
    get<PageBody<Budget>>(user, '/finance/budgets', query);
  const transactionPage = (user: SignedInUser, id: string, query: Record<string, string>) =>
    get<PageBody<Transaction>>(user, transactionsPath(id), query);

  describe('GET /finance/budgets', () => {
    it('pages the caller’s budgets oldest first, 20 by default, every one once with inserts between pages', async () => {
      const user = await signIn(app);
      const before = await budgetsOf(user, 23);

      const first = await budgetPage(user, {});
      expect(first.items).toEqual(before.slice(0, 20));
      expect((await budgetPage(user, { limit: '100' })).items).toEqual(before);

      const added: Budget[] = [];
      const { items } = await readAllPages(
        (cursor) => budgetPage(user, { limit: '5', ...(cursor && { cursor }) }),
        async (read) => void added.push(await createBudget(user, `Added after page ${read}`)),
      );
      expect(items).toEqual([...before, ...added]);
    });

    it.each(BAD_LIMITS)('refuses ?limit=%j with 400', async (limit, messages) => {
      const user = await signIn(app);
      const response = await refused(user, '/finance/budgets', { limit }).expect(400);
      expect(response.body).toEqual(
        invalid(withQuery('/finance/budgets', { limit }), [{ field: 'limit', messages }]),
      );
    });

    it.each(FORGED_CURSORS)('refuses a forged cursor (%s) with 400', async (_case, cursor) => {
      await expectCursorRefused(await signIn(app), '/finance/budgets', cursor);
    });

    it('refuses another user’s cursor, or an altered one, and never shows their budgets', async () => {
      const [alice, bob] = [await signIn(app), await signIn(app)];
      await budgetsOf(alice, 2);
      await budgetsOf(bob, 2);
      const bobs = (await budgetPage(bob, { limit: '1' })).nextCursor as string;
      const alices = (await budgetPage(alice, { limit: '1' })).nextCursor as string;

      await expectCursorRefused(alice, '/finance/budgets', bobs);
      await expectCursorRefused(alice, '/finance/budgets', tampered(alices));
      const next = await budgetPage(alice, { cursor: alices });
      expect(next.items).toHaveLength(1);
      expect((await budgetPage(bob, {})).items.map((b) => b.id)).not.toContain(next.items[0].id);
    });
  });

  describe('GET /finance/budgets/:id/transactions', () => {
    it('pages newest first; transactions added between pages do not shift the pages', async () => {
      const user = await signIn(app);
      const budget = await createBudget(user, 'Groceries');
      const before: Transaction[] = [];
      for (let i = 1; i <= 7; i++) before.push(await spend(user, budget.id, i));

      const { items, pages } = await readAllPages(
        (cursor) => transactionPage(user, budget.id, { limit: '3', ...(cursor && { cursor }) }),
        async () => void (await spend(user, budget.id, 100)),
      );

      expect(items).toEqual([...before].reverse());
      expect(pages.map((page) => page.items.length)).toEqual([3, 3, 1]);
      const now = await transactionPage(user, budget.id, { limit: '100' });
      expect(now.items.map((t) => t.amountCents)).toEqual([100, 100, 7, 6, 5, 4, 3, 2, 1]);
    });

    it('refuses the cursor of another budget or list (400), and another user’s budget is 404 with any cursor', async () => {
      const [alice, bob] = [await signIn(app), await signIn(app)];
      const [mine, other] = [await createBudget(alice, 'Mine'), await createBudget(alice, 'Other')];
      const theirs = await createBudget(bob, 'Theirs');
      for (const [user, budget] of [
        [alice, mine],
        [bob, theirs],
      ] as const) {
        await spend(user, budget.id, 1);
        await spend(user, budget.id, 2);
      }
      await budgetsOf(alice, 2);
      const mineCursor = (await transactionPage(alice, mine.id, { limit: '1' })).nextCursor;
      const theirCursor = (await transactionPage(bob, theirs.id, { limit: '1' })).nextCursor;
      const budgetsCursor = (await budgetPage(alice, { limit: '1' })).nextCursor;

      await expectCursorRefused(alice, transactionsPath(other.id), mineCursor as string);
      await expectCursorRefused(alice, transactionsPath(mine.id), budgetsCursor as string);
      await expectCursorRefused(alice, '/finance/budgets', mineCursor as string);
      const foreign = await refused(alice, transactionsPath(theirs.id), {
        cursor: theirCursor as string,
      });
      expect(foreign.status).toBe(404);
      expect(foreign.body).toEqual(
        problem(
          'not-found',
          404,
          'Not Found',
          'Budget not found.',
          withQuery(transactionsPath(theirs.id), { cursor: theirCursor as string }),
        ),
      );
    });

    it('refuses ?limit=101 with 400', async () => {
      const user = await signIn(app);
      const budget = await createBudget(user, 'Groceries');
      const response = await refused(user, transactionsPath(budget.id), { limit: '101' });
      expect(response.status).toBe(400);
      expect(response.body.errors).toEqual([
        { field: 'limit', messages: ['limit must not be greater than 100'] },
      ]);
    });
  });

  describe('bounded reads', () => {
    it('GET /finance/budgets/:id shows the 10 most recent transactions, and spending over all', async () => {
      const user = await signIn(app);
      const budget = await createBudget(user, 'Groceries');
      const spent: Transaction[] = [];
      for (let i = 1; i <= 12; i++) spent.push(await spend(user, budget.id, i));

      const detail = await get<Budget & { transactions: Transaction[] }>(
        user,
        `/finance/budgets/${budget.id}`,
      );

      expect(detail.spentCents).toBe(78);
      expect(detail.transactions).toEqual(spent.slice(2).reverse());
    });

    it('the dashboard totals every budget, shows the first 20, and its cursor continues the list', async () => {
      const user = await signIn(app);
      const created = await budgetsOf(user, 23);
      await spend(user, created[22].id, 500);

      const dashboard = await get<{
        totals: object;
        budgets: Budget[];
        nextCursor: string;
      }>(user, '/finance/dashboard');

      expect(dashboard.totals).toEqual({
        limitCents: 23_000,
        spentCents: 500,
        remainingCents: 22_500,
      });
      expect(dashboard.budgets).toEqual(created.slice(0, 20));
      const rest = await budgetPage(user, { cursor: dashboard.nextCursor });
      expect(rest).toEqual(
        onePage([
          ...created.slice(20, 22),
          { ...created[22], spentCents: 500, remainingCents: 500 },
        ]),
      );
    });
  });
});
