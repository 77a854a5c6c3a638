import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import fc from 'fast-check';
import { badAuthorizationHeaders } from './support/fuzz/authorization-headers.js';
import { centsLike, jsonBodies } from './support/fuzz/bodies.js';
import { checkNoPollution, must } from './support/fuzz/checks.js';
import { fuzzClient, type FuzzClient, mineOr404, type Target } from './support/fuzz/client.js';
import { isRecord, objectOf } from './support/fuzz/json.js';
import { has, isCents, isText, onlyKeys, wellFormed } from './support/fuzz/oracles.js';
import { pathIds } from './support/fuzz/path-ids.js';
import { textLike } from './support/fuzz/values.js';
import { createTestApp } from './support/test-app.js';
import { signIn, type SignedInUser } from './support/users.js';

const MAX_CENTS = 1_000_000_000;

/* Property-based fuzzing of the finance dashboard's routes (see ./support/fuzz/client.ts). */
describe('Fuzzing the finance dashboard with fast-check (e2e)', () => {
  let app: NestFastifyApplication;
  let fuzz: FuzzClient;
  let fuzzer: SignedInUser;
  let victim: SignedInUser;
  let ownBudgetId: string;
  let victimBudgetIds: string[];
  let victimSnapshot: string[];

  /** The victim's data, as the raw bytes the API answers. */
  async function snapshotVictim(): Promise<string[]> {
    const answers = await Promise.all([
      fuzz.call('GET', '/finance/dashboard', victim.accessToken),
      fuzz.call('GET', '/finance/budgets', victim.accessToken),
      ...victimBudgetIds.map((id) =>
        fuzz.call('GET', `/finance/budgets/${id}`, victim.accessToken),
      ),
      fuzz.call('GET', '/auth/me', victim.accessToken),
    ]);
    for (const answer of answers) must(answer.status === 200, 'the victim lost access', answer);
    return answers.map((answer) => answer.text);
  }

  beforeAll(async () => {
    app = await createTestApp();
    fuzz = fuzzClient(app);
    [fuzzer, victim] = await Promise.all([signIn(app), signIn(app)]);

    victimBudgetIds = [];
    for (const [name, limitCents] of [
      ['Rent', 120_000],
      ['Groceries', 40_000],
    ] as const) {
      const id = await fuzz.created('POST', '/finance/budgets', victim.accessToken, {
        name,
        limitCents,
      });
      victimBudgetIds.push(id);
      for (const amountCents of [1_250, 999]) {
        await fuzz.created('POST', `/finance/budgets/${id}/transactions`, victim.accessToken, {
          amountCents,
          description: `Spent on ${name}`,
        });
      }
    }
    ownBudgetId = await fuzz.created('POST', '/finance/budgets', fuzzer.accessToken, {
      name: 'Mine',
      limitCents: 1,
    });
    victimSnapshot = await snapshotVictim();
  });

  afterAll(async () => {
    await app.close();
  });

  it('answers 401 with a Bearer challenge to every bad or forged Authorization header', async () => {
    await fuzz.fuzzAuthorization(
      badAuthorizationHeaders([fuzzer, victim]),
      [{ method: 'GET', url: '/finance/dashboard' }],
      200,
    );
  });

  /** For routes with an id: the caller's own row, the victim's, or one that does not exist. */
  const budgetTargets = () =>
    fc.oneof(
      { weight: 3, arbitrary: fc.constant<Target>({ id: ownBudgetId, kind: 'mine' }) },
      {
        weight: 1,
        arbitrary: fc
          .constantFrom(...victimBudgetIds)
          .map((id): Target => ({ id, kind: 'foreign' })),
      },
      { weight: 1, arbitrary: fc.uuid().map((id): Target => ({ id, kind: 'unknown' })) },
    );

  const budgetFields = () => ({ name: textLike(100), limitCents: centsLike(0, MAX_CENTS) });
  const isBudget = (output: Record<string, unknown>) =>
    typeof output.id === 'string' &&
    typeof output.name === 'string' &&
    isCents(output.limitCents, 0, MAX_CENTS) &&
    typeof output.spentCents === 'number' &&
    output.remainingCents === (output.limitCents as number) - output.spentCents;

  it('POST /finance/budgets: 201 exactly for a valid budget, answering what was sent', async () => {
    const isValid = (input: unknown) =>
      isRecord(input) &&
      onlyKeys(input, ['name', 'limitCents']) &&
      isText(input.name, 1, 100, true) &&
      isCents(input.limitCents, 0, MAX_CENTS);
    await fuzz.fuzzBodies(
      {
        method: 'POST',
        url: () => '/finance/budgets',
        token: fuzzer.accessToken,
        bodies: jsonBodies(budgetFields()),
        isValid,
        whenValid: () => [201],
        whenInvalid: [400],
        checkSuccess: (input, output) =>
          isBudget(output) &&
          output.name === wellFormed(String(input.name).trim()) &&
          output.limitCents === input.limitCents &&
          output.spentCents === 0,
      },
      200,
    );
  });

  it('PATCH /finance/budgets/:id: 200 only for the caller’s budget and a valid change', async () => {
    const isValid = (input: unknown) =>
      isRecord(input) &&
      onlyKeys(input, ['name', 'limitCents']) &&
      (!has(input, 'name') || isText(input.name, 1, 100, true)) &&
      (!has(input, 'limitCents') || isCents(input.limitCents, 0, MAX_CENTS));
    await fuzz.fuzzBodies(
      {
        method: 'PATCH',
        url: (target) => `/finance/budgets/${target.id}`,
        targets: budgetTargets(),
        token: fuzzer.accessToken,
        bodies: jsonBodies(budgetFields()),
        isValid,
        whenValid: (target) => mineOr404(target, 200),
        whenInvalid: [400],
        checkSuccess: (input, output, target) =>
          isBudget(output) &&
          output.id === target.id &&
          (!has(input, 'name') || output.name === wellFormed(String(input.name).trim())) &&
          (!has(input, 'limitCents') || output.limitCents === input.limitCents),
      },
      200,
    );
  });

  it('POST /finance/budgets/:id/transactions: 201 only on the caller’s budget with a valid amount', async () => {
    const isValid = (input: unknown) =>
      isRecord(input) &&
      onlyKeys(input, ['amountCents', 'description']) &&
      isCents(input.amountCents, 1, MAX_CENTS) &&
      isText(input.description, 1, 200, true);
    await fuzz.fuzzBodies(
      {
        method: 'POST',
        url: (target) => `/finance/budgets/${target.id}/transactions`,
        targets: budgetTargets(),
        token: fuzzer.accessToken,
        bodies: jsonBodies({ amountCents: centsLike(1, MAX_CENTS), description: textLike(200) }),
        isValid,
        whenValid: (target) => mineOr404(target, 201),
        whenInvalid: [400],
        checkSuccess: (input, output, target) =>
          output.budgetId === target.id &&
          output.amountCents === input.amountCents &&
          output.description === wellFormed(String(input.description).trim()),
      },
      200,
    );
  });

  it('the lists: a page exactly for a valid limit and a cursor the caller got from the same list', async () => {
    const transactionsUrl = `/finance/budgets/${victimBudgetIds[0]}/transactions`;
    const budgets = await fuzz.cursorOf('/finance/budgets', victim.accessToken);
    const transactions = await fuzz.cursorOf(transactionsUrl, victim.accessToken);
    const token = victim.accessToken;
    await fuzz.fuzzPageQueries(
      [
        { url: '/finance/budgets', token, valid: [budgets], others: [transactions] },
        { url: transactionsUrl, token, valid: [transactions], others: [budgets] },
        // The victim's cursors, sent by another user: always refused.
        {
          url: '/finance/budgets',
          token: fuzzer.accessToken,
          valid: [],
          others: [budgets, transactions],
        },
      ],
      200,
    );
  });

  it('never answers 5xx to a path id, nor 2xx to an unknown or foreign one', async () => {
    await fuzz.fuzzPathIds(
      [
        {
          method: 'GET',
          url: (id) => `/finance/budgets/${id}`,
          token: fuzzer.accessToken,
          foreign: victimBudgetIds,
        },
        {
          method: 'PATCH',
          url: (id) => `/finance/budgets/${id}`,
          token: fuzzer.accessToken,
          body: { name: 'Hijacked', limitCents: 1 },
          foreign: victimBudgetIds,
        },
        {
          method: 'DELETE',
          url: (id) => `/finance/budgets/${id}`,
          token: fuzzer.accessToken,
          foreign: victimBudgetIds,
        },
        {
          method: 'POST',
          url: (id) => `/finance/budgets/${id}/transactions`,
          token: fuzzer.accessToken,
          body: { amountCents: 1, description: 'Hijack' },
          foreign: victimBudgetIds,
        },
      ],
      pathIds(victimBudgetIds),
      200,
    );
  });

  // Regression test for what the properties above found.

  it.each(['constructor', 'prototype', 'toString', 'hasOwnProperty'])(
    'an unknown body field named %s is refused with 400, not dropped',
    async (key) => {
      const body = objectOf([
        [key, 1],
        ['name', 'Dropped key'],
        ['limitCents', 1],
      ]);
      const answer = await fuzz.call('POST', '/finance/budgets', fuzzer.accessToken, body);
      expect(answer.status).toBe(400);
    },
  );

  it('left the victim’s data and Object.prototype untouched', async () => {
    checkNoPollution();
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(await snapshotVictim()).toEqual(victimSnapshot);
  });
});
