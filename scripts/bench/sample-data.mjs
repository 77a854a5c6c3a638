// The data the sample scenarios need on a service, set up before any load, keyed by a scenario's
// `sample`. Each step may add the accounts its scenarios' `token` names.
import { expectStatus } from '../service-client.mjs';
import { benchEmail, logInAdmin, signUp } from './accounts.mjs';

export const SAMPLE_DATA = {
  'finance-dashboard': financeData,
  'admin-products': catalogueData,
};

/**
 * Three budgets of ten transactions each for the user, read by the dashboard, and a writer with ten
 * budgets that the write scenario fills, so the dashboard reads the same rows in every round however
 * much was written. The writes spread over the writer's budgets, so they do not all wait for one
 * row lock.
 */
async function financeData(server, accounts) {
  const { token } = accounts.user;
  for (let b = 0; b < 3; b++) {
    const budget = await createBudget(server, token, `Budget ${b}`);
    for (let t = 0; t < 10; t++) {
      const body = { amountCents: 100 + t, description: `Purchase ${t}` };
      await expectStatus(server, 'POST', `/finance/budgets/${budget.id}/transactions`, {
        token,
        body,
      });
    }
  }
  const writer = await signUp(server, benchEmail('writer'));
  const ids = [];
  for (let b = 0; b < 10; b++) {
    ids.push((await createBudget(server, writer.token, `Written ${b}`)).id);
  }
  accounts.writer = { ...writer, ids };
}

async function createBudget(server, token, name) {
  const body = { name, limitCents: 100_000 };
  return (await expectStatus(server, 'POST', '/finance/budgets', { token, body })).body;
}

/** Three products in the public catalogue, added by the first admin. */
async function catalogueData(server, accounts) {
  const { token } = accounts.admin ?? (await logInAdmin(server));
  for (const [name, priceCents] of [
    ['Espresso machine', 24_900],
    ['Burr grinder', 12_900],
    ['Milk jug', 1_900],
  ]) {
    await expectStatus(server, 'POST', '/admin/products', { token, body: { name, priceCents } });
  }
}
