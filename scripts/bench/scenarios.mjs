// The scenario list made runnable on the servers: the accounts and sample data each service needs,
// then one entry per scenario and server with the request autocannon sends.
import { prepareAccounts } from './accounts.mjs';
import { SAMPLE_DATA } from './sample-data.mjs';

/** `servers`: pglite, the references (bare, minimal, express), and postgres with DATABASE_URL. */
export async function prepareScenarios(list, servers) {
  const { pglite, postgres } = servers;
  const accounts = new Map([[pglite, await prepareData(pglite, list)]]);
  if (postgres) {
    const onPostgres = list.filter((scenario) => scenario.postgres);
    accounts.set(postgres, await prepareData(postgres, onPostgres));
  }
  return list.flatMap((scenario) => {
    if (scenario.server) {
      const reference = servers[scenario.server];
      return [runnable(scenario, scenario.id, reference, accounts.get(pglite))];
    }
    return [
      runnable(scenario, scenario.id, pglite, accounts.get(pglite)),
      ...(postgres && scenario.postgres
        ? [runnable(scenario, `${scenario.id}pg`, postgres, accounts.get(postgres))]
        : []),
    ];
  });
}

/** The accounts on `server`, and the data of every sample among `scenarios`. */
async function prepareData(server, scenarios) {
  const onService = scenarios.filter((scenario) => !scenario.server);
  const admin = onService.some((scenario) => scenario.token === 'admin');
  const accounts = await prepareAccounts(server, { admin });
  const samples = new Set(onService.map((scenario) => scenario.sample).filter(Boolean));
  for (const sample of samples) {
    if (!SAMPLE_DATA[sample]) throw new Error(`no data step for the ${sample} sample`);
    await SAMPLE_DATA[sample](server, accounts);
  }
  return accounts;
}

function runnable({ name, method, path, body, token, expect }, id, server, accounts) {
  const account = token === 'none' ? {} : accounts[token];
  if (!account) throw new Error(`scenario ${id}: no ${token} account on ${server.name}`);
  const headers = {
    ...(account.token && { authorization: `Bearer ${account.token}` }),
    ...(body && { 'content-type': 'application/json' }),
  };
  const request = { method, path, headers, ...(body && { body: JSON.stringify(body) }) };
  if (path.includes(':id')) {
    // autocannon calls setupRequest before each request: the ids are used in turn.
    const withId = (value) => path.replace(':id', value);
    let next = 0;
    request.path = withId(account.ids[0]);
    request.setupRequest = (sent) => ({
      ...sent,
      path: withId(account.ids[next++ % account.ids.length]),
    });
  }
  return { id, name, server, expect, request, rounds: [] };
}
