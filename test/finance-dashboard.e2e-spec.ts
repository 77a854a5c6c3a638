import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { eq } from 'drizzle-orm';
import { randomUUID } from 'node:crypto';
import request from 'supertest';
import type { Database } from '../src/database/database-connection.js';
import { DRIZZLE } from '../src/database/database.constants.js';
import { budgetTransactions } from '../src/finance-dashboard/finance-dashboard.schema.js';
import {
  type FieldError,
  invalid,
  invalidTokenChallenge,
  JSON_TYPE,
  malformedId,
  problem,
  PROBLEM_JSON,
} from './support/problems.js';
import { TIMESTAMP, UUID } from './support/matchers.js';
import { createTestApp } from './support/test-app.js';
import { bearer, signIn, signInThenDelete, type SignedInUser } from './support/users.js';

const MAX_CENTS = 1_000_000_000;

type Method = 'get' | 'post' | 'patch' | 'delete';

interface Budget {
  id: string;
  name: string;
  limitCents: number;
  spentCents: number;
  remainingCents: number;
  createdAt: string;
}

interface Transaction {
  id: string;
  budgetId: string;
  amountCents: number;
  description: string;
  createdAt: string;
}

const budgetPath = (id: string) => `/finance/budgets/${id}`;
const transactionsPath = (id: string) => `/finance/budgets/${id}/transactions`;

/** Every route that takes a budget id, each with a body that would pass validation. */
const ID_ROUTES: { method: Method; route: string; path: (id: string) => string; body?: object }[] =
  [
    { method: 'get', route: 'GET /finance/budgets/:id', path: budgetPath },
    { method: 'get', route: 'GET /finance/budgets/:id/transactions', path: transactionsPath },
    {
      method: 'patch',
      route: 'PATCH /finance/budgets/:id',
      path: budgetPath,
      body: { name: 'Hijacked', limitCents: 1 },
    },
    { method: 'delete', route: 'DELETE /finance/budgets/:id', path: budgetPath },
    {
      method: 'post',
      route: 'POST /finance/budgets/:id/transactions',
      path: transactionsPath,
      body: { amountCents: 100, description: 'Hijack' },
    },
  ];

const notFound = (instance: string) =>
  problem('not-found', 404, 'Not Found', 'Budget not found.', instance);

/** A whole list on one page. */
const page = <T>(items: T[]) => ({ items, nextCursor: null });
const dashboardOf = (totals: object, budgets: Budget[]) => ({ totals, budgets, nextCursor: null });
const NOTHING = { limitCents: 0, spentCents: 0, remainingCents: 0 };

describe('Finance dashboard (e2e)', () => {
  let app: NestFastifyApplication;

  beforeAll(async () => {
    app = await createTestApp();
  });

  afterAll(async () => {
    await app.close();
  });

  function call(method: Method, path: string, user?: SignedInUser, body?: object): request.Test {
    const test = request(app.getHttpServer())[method](path);
    const authenticated = user ? test.set(bearer(user.accessToken)) : test;
    return body === undefined ? authenticated : authenticated.send(body);
  }

  async function ok<T>(path: string, user: SignedInUser): Promise<T> {
    const response = await call('get', path, user).expect(200).expect('content-type', JSON_TYPE);
    return response.body as T;
  }

  async function createBudget(
    user: SignedInUser,
    name: string,
    limitCents: number,
  ): Promise<Budget> {
    const response = await call('post', '/finance/budgets', user, { name, limitCents })
      .expect(201)
      .expect('content-type', JSON_TYPE);
    return response.body as Budget;
  }

  async function spend(
    user: SignedInUser,
    budgetId: string,
    amountCents: number,
    description: string,
  ): Promise<Transaction> {
    const response = await call('post', transactionsPath(budgetId), user, {
      amountCents,
      description,
    })
      .expect(201)
      .expect('content-type', JSON_TYPE);
    return response.body as Transaction;
  }

  /** On a fresh budget, `body` sent to `path` is 400 with `errors`, and the budget is untouched. */
  async function expectRefusedOnBudget(
    method: Method,
    path: (id: string) => string,
    body: object,
    errors: FieldError[],
  ): Promise<void> {
    const user = await signIn(app);
    const budget = await createBudget(user, 'Groceries', 40_000);

    const response = await call(method, path(budget.id), user, body)
      .expect(400)
      .expect('content-type', PROBLEM_JSON);

    expect(response.body).toEqual(invalid(path(budget.id), errors));
    expect(await ok(budgetPath(budget.id), user)).toEqual({ ...budget, transactions: [] });
  }

  /** What the owner can see of a budget and overall, to prove a refused request changed nothing. */
  async function ownerView(user: SignedInUser, budgetId: string) {
    return {
      budget: await ok<unknown>(budgetPath(budgetId), user),
      transactions: await ok<unknown>(transactionsPath(budgetId), user),
      dashboard: await ok<unknown>('/finance/dashboard', user),
    };
  }

  describe('a single user', () => {
    it('starts with an empty dashboard and an empty list', async () => {
      const user = await signIn(app);

      expect(await ok('/finance/dashboard', user)).toEqual(dashboardOf(NOTHING, []));
      expect(await ok('/finance/budgets', user)).toEqual(page([]));
    });

    it('creates a budget with a trimmed name and nothing spent', async () => {
      const user = await signIn(app);

      const response = await call('post', '/finance/budgets', user, {
        name: '  Groceries  ',
        limitCents: 40_000,
      })
        .expect(201)
        .expect('content-type', JSON_TYPE);

      const created = {
        id: UUID,
        name: 'Groceries',
        limitCents: 40_000,
        spentCents: 0,
        remainingCents: 40_000,
        createdAt: TIMESTAMP,
      };
      expect(response.body).toEqual(created);
      const { id, createdAt } = response.body as Budget;
      expect(await ok(budgetPath(id), user)).toEqual({
        ...created,
        id,
        createdAt,
        transactions: [],
      });
      expect(await ok('/finance/budgets', user)).toEqual(page([{ ...created, id, createdAt }]));
    });

    it('stores unicode text as sent', async () => {
      const user = await signIn(app);
      const name = 'Café ☕ 🍰 \u202e';

      const created = await createBudget(user, name, 100);

      expect(created.name).toBe(name);
      expect((await ok<Budget>(budgetPath(created.id), user)).name).toBe(name);
    });

    it('records transactions and adds them up per budget and in the totals, negative when overspent', async () => {
      const user = await signIn(app);
      const groceries = await createBudget(user, 'Groceries', 40_000);
      const rent = await createBudget(user, 'Rent', 10_000);
      const travel = await createBudget(user, 'Travel', 5_000);

      const market = await spend(user, groceries.id, 1_250, '  Farmers market  ');
      expect(market).toEqual({
        id: UUID,
        budgetId: groceries.id,
        amountCents: 1_250,
        description: 'Farmers market',
        createdAt: TIMESTAMP,
      });
      const supermarket = await spend(user, groceries.id, 3_000, 'Supermarket');
      await spend(user, rent.id, 7_500, 'March');
      await spend(user, rent.id, 4_000, 'Late fee');

      const expectedGroceries = { ...groceries, spentCents: 4_250, remainingCents: 35_750 };
      const expectedRent = { ...rent, spentCents: 11_500, remainingCents: -1_500 };
      const expectedBudgets = [expectedGroceries, expectedRent, travel];
      expect(await ok('/finance/dashboard', user)).toEqual(
        dashboardOf(
          { limitCents: 55_000, spentCents: 15_750, remainingCents: 39_250 },
          expectedBudgets,
        ),
      );
      expect(await ok('/finance/budgets', user)).toEqual(page(expectedBudgets));
      expect(await ok(budgetPath(groceries.id), user)).toEqual({
        ...expectedGroceries,
        transactions: [supermarket, market], // newest first
      });
      expect(await ok(transactionsPath(groceries.id), user)).toEqual(page([supermarket, market]));
      expect(await ok(transactionsPath(travel.id), user)).toEqual(page([]));
    });

    it('accepts the boundary values, and sums spending beyond a 32-bit integer', async () => {
      const user = await signIn(app);
      const longName = 'n'.repeat(100);
      const empty = await createBudget(user, 'Nothing', 0);
      const big = await createBudget(user, longName, MAX_CENTS);
      const fresh = { id: UUID, spentCents: 0, createdAt: TIMESTAMP };
      expect(empty).toEqual({ ...fresh, name: 'Nothing', limitCents: 0, remainingCents: 0 });
      expect(big).toEqual({
        ...fresh,
        name: longName,
        limitCents: MAX_CENTS,
        remainingCents: MAX_CENTS,
      });

      const longDescription = 'd'.repeat(200);
      const smallest = await spend(user, big.id, 1, longDescription);
      expect(smallest).toEqual({
        id: UUID,
        budgetId: big.id,
        amountCents: 1,
        description: longDescription,
        createdAt: TIMESTAMP,
      });
      for (let i = 0; i < 3; i += 1) await spend(user, big.id, MAX_CENTS, `Huge ${i}`);

      const bigSpent = { ...big, spentCents: 3_000_000_001, remainingCents: -2_000_000_001 };
      expect(await ok('/finance/dashboard', user)).toEqual(
        dashboardOf(
          { limitCents: MAX_CENTS, spentCents: 3_000_000_001, remainingCents: -2_000_000_001 },
          [empty, bigSpent],
        ),
      );
      expect(await ok('/finance/budgets', user)).toEqual(page([empty, bigSpent]));
    });

    it('updates the name and the limit separately or together, keeping what was spent', async () => {
      const user = await signIn(app);
      const budget = await createBudget(user, 'Groceries', 40_000);
      await spend(user, budget.id, 15_000, 'Supermarket');
      const patch = (body: object) =>
        call('patch', budgetPath(budget.id), user, body)
          .expect(200)
          .expect('content-type', JSON_TYPE)
          .then((response) => response.body as unknown);

      const spent = { ...budget, spentCents: 15_000, remainingCents: 25_000 };
      expect(await patch({ name: '  Food  ' })).toEqual({ ...spent, name: 'Food' });
      expect(await patch({ limitCents: 10_000 })).toEqual({
        ...spent,
        name: 'Food',
        limitCents: 10_000,
        remainingCents: -5_000,
      });
      const renamed = { ...spent, name: 'Eating out', limitCents: 20_000, remainingCents: 5_000 };
      expect(await patch({ name: 'Eating out', limitCents: 20_000 })).toEqual(renamed);
      expect(await patch({})).toEqual(renamed);

      expect(await ok('/finance/dashboard', user)).toEqual(
        dashboardOf({ limitCents: 20_000, spentCents: 15_000, remainingCents: 5_000 }, [renamed]),
      );
    });

    it('deletes a budget with 204 and no body, together with its transactions', async () => {
      const user = await signIn(app);
      const db = app.get<Database>(DRIZZLE);
      const doomed = await createBudget(user, 'Doomed', 10_000);
      const kept = await createBudget(user, 'Kept', 5_000);
      await spend(user, doomed.id, 1_000, 'One');
      await spend(user, doomed.id, 2_000, 'Two');
      const keptTransaction = await spend(user, kept.id, 500, 'Stays');
      const transactionsOf = (budgetId: string) =>
        db
          .select({ id: budgetTransactions.id })
          .from(budgetTransactions)
          .where(eq(budgetTransactions.budgetId, budgetId));
      expect(await transactionsOf(doomed.id)).toHaveLength(2);

      const response = await call('delete', budgetPath(doomed.id), user).expect(204);
      expect(response.text).toBe('');
      expect(response.headers['content-type']).toBeUndefined();

      expect(await transactionsOf(doomed.id)).toEqual([]);
      expect(await transactionsOf(kept.id)).toEqual([{ id: keptTransaction.id }]);
      const gone = await call('get', budgetPath(doomed.id), user)
        .expect(404)
        .expect('content-type', PROBLEM_JSON);
      expect(gone.body).toEqual(notFound(budgetPath(doomed.id)));
      const goneTransactions = await call('get', transactionsPath(doomed.id), user)
        .expect(404)
        .expect('content-type', PROBLEM_JSON);
      expect(goneTransactions.body).toEqual(notFound(transactionsPath(doomed.id)));
      const keptNow = { ...kept, spentCents: 500, remainingCents: 4_500 };
      expect(await ok('/finance/dashboard', user)).toEqual(
        dashboardOf({ limitCents: 5_000, spentCents: 500, remainingCents: 4_500 }, [keptNow]),
      );
      const again = await call('delete', budgetPath(doomed.id), user)
        .expect(404)
        .expect('content-type', PROBLEM_JSON);
      expect(again.body).toEqual(notFound(budgetPath(doomed.id)));
    });
  });

  describe('two users', () => {
    it('each sees only their own budgets on the dashboard and in the list', async () => {
      const alice = await signIn(app);
      const bob = await signIn(app);
      const aliceBudget = await createBudget(alice, 'Groceries', 40_000);
      const bobBudget = await createBudget(bob, 'Groceries', 25_000);
      const bobOther = await createBudget(bob, 'Hobbies', 5_000);
      await spend(alice, aliceBudget.id, 1_000, 'Bread');
      await spend(bob, bobBudget.id, 30_000, 'Feast');

      const aliceExpected = [{ ...aliceBudget, spentCents: 1_000, remainingCents: 39_000 }];
      expect(await ok('/finance/dashboard', alice)).toEqual(
        dashboardOf(
          { limitCents: 40_000, spentCents: 1_000, remainingCents: 39_000 },
          aliceExpected,
        ),
      );
      expect(await ok('/finance/budgets', alice)).toEqual(page(aliceExpected));

      const bobExpected = [{ ...bobBudget, spentCents: 30_000, remainingCents: -5_000 }, bobOther];
      expect(await ok('/finance/dashboard', bob)).toEqual(
        dashboardOf({ limitCents: 30_000, spentCents: 30_000, remainingCents: 0 }, bobExpected),
      );
      expect(await ok('/finance/budgets', bob)).toEqual(page(bobExpected));
    });

    it.each(ID_ROUTES)(
      "$route on another user's budget is 404 like an unknown id, and changes nothing",
      async ({ method, path, body }) => {
        const owner = await signIn(app);
        const intruder = await signIn(app);
        const budget = await createBudget(owner, 'Private', 10_000);
        await spend(owner, budget.id, 2_500, 'Secret');
        const before = await ownerView(owner, budget.id);

        const foreign = await call(method, path(budget.id), intruder, body)
          .expect(404)
          .expect('content-type', PROBLEM_JSON);
        const unknownId = randomUUID();
        const unknown = await call(method, path(unknownId), intruder, body)
          .expect(404)
          .expect('content-type', PROBLEM_JSON);

        expect(foreign.body).toEqual(notFound(path(budget.id)));
        expect(unknown.body).toEqual(notFound(path(unknownId)));
        expect(await ownerView(owner, budget.id)).toEqual(before);
        expect(await ok('/finance/dashboard', intruder)).toEqual(dashboardOf(NOTHING, []));
      },
    );
  });

  describe('validation', () => {
    it.each(ID_ROUTES)('$route with a malformed id is 400', async ({ method, path, body }) => {
      const user = await signIn(app);

      for (const id of ['not-a-uuid', '123', `${randomUUID()}0`]) {
        const response = await call(method, path(id), user, body)
          .expect(400)
          .expect('content-type', PROBLEM_JSON);
        expect(response.body).toEqual(malformedId(path(id)));
      }
    });

    it.each([
      ['a float', 12.5],
      ['a huge number', 1e308],
      ['a number beyond 2^53', 2 ** 53 + 2],
      ['a numeric string', '100'],
      ['a negative amount', -1],
      ['an object', { cents: 1 }],
      ['null', null],
    ])('limitCents as %s → 400 naming the field', async (_case, limitCents) => {
      const user = await signIn(app);

      const response = await call('post', '/finance/budgets', user, {
        name: 'Groceries',
        limitCents,
      })
        .expect(400)
        .expect('content-type', PROBLEM_JSON);

      expect(response.body.errors).toEqual([{ field: 'limitCents', messages: expect.any(Array) }]);
    });

    const nameErrors: FieldError = {
      field: 'name',
      messages: [
        'name must be shorter than or equal to 100 characters',
        'name must be longer than or equal to 1 characters',
        'name must be a string',
      ],
    };
    const limitErrors: FieldError = {
      field: 'limitCents',
      messages: [
        'limitCents must not be greater than 1000000000',
        'limitCents must not be less than 0',
        'limitCents must be an integer number',
      ],
    };
    const limitError = (message: string): FieldError => ({
      field: 'limitCents',
      messages: [`limitCents ${message}`],
    });

    it.each<[string, unknown, FieldError[]]>([
      ['no body', undefined, [nameErrors, limitErrors]],
      ['an empty object', {}, [nameErrors, limitErrors]],
      [
        'a JSON array',
        [{ name: 'Groceries', limitCents: 1 }],
        [{ field: '0', messages: ['property 0 should not exist'] }, nameErrors, limitErrors],
      ],
      [
        'unknown fields',
        { name: 'Groceries', limitCents: 1, spentCents: 0, userId: randomUUID() },
        [
          { field: 'spentCents', messages: ['property spentCents should not exist'] },
          { field: 'userId', messages: ['property userId should not exist'] },
        ],
      ],
      ['null fields', { name: null, limitCents: null }, [nameErrors, limitErrors]],
      [
        'a float limit',
        { name: 'Groceries', limitCents: 12.5 },
        [limitError('must be an integer number')],
      ],
      [
        'a negative limit',
        { name: 'Groceries', limitCents: -1 },
        [limitError('must not be less than 0')],
      ],
      [
        'a limit above 1_000_000_000',
        { name: 'Groceries', limitCents: MAX_CENTS + 1 },
        [limitError('must not be greater than 1000000000')],
      ],
      ['a limit as a string', { name: 'Groceries', limitCents: '100' }, [limitErrors]],
      ['a name as a number', { name: 42, limitCents: 100 }, [nameErrors]],
      [
        'a blank name',
        { name: '   ', limitCents: 100 },
        [{ field: 'name', messages: ['name must be longer than or equal to 1 characters'] }],
      ],
      [
        'a name of 101 characters',
        { name: 'n'.repeat(101), limitCents: 100 },
        [{ field: 'name', messages: ['name must be shorter than or equal to 100 characters'] }],
      ],
      [
        'a NUL character in the name',
        { name: 'Gro\u0000ceries', limitCents: 100 },
        [{ field: 'name', messages: ['name must not contain NUL characters'] }],
      ],
    ])('POST /finance/budgets with %s is 400 and creates nothing', async (_label, body, errors) => {
      const user = await signIn(app);

      const response = await call('post', '/finance/budgets', user, body as object)
        .expect(400)
        .expect('content-type', PROBLEM_JSON);

      expect(response.body).toEqual(invalid('/finance/budgets', errors));
      expect(await ok('/finance/budgets', user)).toEqual(page([]));
    });

    it.each<[string, object, FieldError[]]>([
      ['a null name', { name: null }, [nameErrors]],
      ['a null limit', { limitCents: null }, [limitErrors]],
      [
        'unknown fields',
        { name: 'Renamed', spentCents: 0, id: randomUUID() },
        [
          { field: 'spentCents', messages: ['property spentCents should not exist'] },
          { field: 'id', messages: ['property id should not exist'] },
        ],
      ],
      ['a float limit', { limitCents: 0.5 }, [limitError('must be an integer number')]],
      ['a negative limit', { limitCents: -100 }, [limitError('must not be less than 0')]],
      [
        'a limit above 1_000_000_000',
        { limitCents: MAX_CENTS + 1 },
        [limitError('must not be greater than 1000000000')],
      ],
      ['a limit as a string', { limitCents: '5000' }, [limitErrors]],
      [
        'a blank name',
        { name: ' ' },
        [{ field: 'name', messages: ['name must be longer than or equal to 1 characters'] }],
      ],
      [
        'a NUL character in the name',
        { name: '\u0000' },
        [{ field: 'name', messages: ['name must not contain NUL characters'] }],
      ],
    ])(
      'PATCH /finance/budgets/:id with %s is 400 and changes nothing',
      async (_label, body, errors) => {
        await expectRefusedOnBudget('patch', budgetPath, body, errors);
      },
    );

    const amountErrors: FieldError = {
      field: 'amountCents',
      messages: [
        'amountCents must not be greater than 1000000000',
        'amountCents must not be less than 1',
        'amountCents must be an integer number',
      ],
    };
    const amountError = (message: string): FieldError => ({
      field: 'amountCents',
      messages: [`amountCents ${message}`],
    });
    const descriptionError = (message: string): FieldError => ({
      field: 'description',
      messages: [`description ${message}`],
    });

    it.each<[string, object, FieldError[]]>([
      [
        'an empty object',
        {},
        [
          amountErrors,
          {
            field: 'description',
            messages: [
              'description must be shorter than or equal to 200 characters',
              'description must be longer than or equal to 1 characters',
              'description must be a string',
            ],
          },
        ],
      ],
      [
        'unknown fields',
        { amountCents: 100, description: 'Bread', budgetId: randomUUID() },
        [{ field: 'budgetId', messages: ['property budgetId should not exist'] }],
      ],
      ['a null amount', { amountCents: null, description: 'Bread' }, [amountErrors]],
      [
        'a float amount',
        { amountCents: 12.5, description: 'Bread' },
        [amountError('must be an integer number')],
      ],
      [
        'a zero amount',
        { amountCents: 0, description: 'Bread' },
        [amountError('must not be less than 1')],
      ],
      [
        'a negative amount',
        { amountCents: -500, description: 'Refund' },
        [amountError('must not be less than 1')],
      ],
      [
        'an amount above 1_000_000_000',
        { amountCents: MAX_CENTS + 1, description: 'Yacht' },
        [amountError('must not be greater than 1000000000')],
      ],
      ['an amount as a string', { amountCents: '100', description: 'Bread' }, [amountErrors]],
      [
        'a blank description',
        { amountCents: 100, description: '  ' },
        [descriptionError('must be longer than or equal to 1 characters')],
      ],
      [
        'a description of 201 characters',
        { amountCents: 100, description: 'd'.repeat(201) },
        [descriptionError('must be shorter than or equal to 200 characters')],
      ],
      [
        'a NUL character in the description',
        { amountCents: 100, description: 'Bre\u0000ad' },
        [descriptionError('must not contain NUL characters')],
      ],
    ])(
      'POST /finance/budgets/:id/transactions with %s is 400 and records nothing',
      async (_label, body, errors) => {
        await expectRefusedOnBudget('post', transactionsPath, body, errors);
      },
    );
  });

  describe('authentication', () => {
    it('refuses the still unexpired token of a user deleted since', async () => {
      const NO_SUCH_USER = 'The user of this access token no longer exists or is disabled.';
      const token = (await signInThenDelete(app)).accessToken;

      const response = await request(app.getHttpServer())
        .get('/finance/dashboard')
        .set(bearer(token))
        .expect(401)
        .expect('content-type', PROBLEM_JSON)
        .expect('www-authenticate', invalidTokenChallenge(NO_SUCH_USER));

      expect(response.body).toEqual(
        problem('token-invalid', 401, 'Unauthorized', NO_SUCH_USER, '/finance/dashboard'),
      );
    });
  });
});
