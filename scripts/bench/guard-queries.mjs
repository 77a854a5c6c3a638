// Whether the guard queries PostgreSQL: a burst of guarded requests to the DATABASE_URL service
// (scenario 2pg), and pg_stat_activity before and after.
import autocannon from 'autocannon';
import { setTimeout as sleep } from 'node:timers/promises';
import pg from 'pg';
import { settings } from './options.mjs';

const REQUESTS = 2000;

/**
 * Each connection's `query_start` in pg_stat_activity moves the moment it runs a query, so the
 * connections whose last query started during the burst are the ones the requests used.
 */
export async function countGuardQueries(scenario) {
  const client = new pg.Client({ connectionString: process.env.DATABASE_URL });
  await client.connect();
  try {
    await sleep(2000); // requests still in flight from the last scenario finish their queries
    const { rows: clock } = await client.query('select clock_timestamp() as now');
    const { method, path, headers } = scenario.request;
    const result = await autocannon({
      url: scenario.server.base,
      connections: settings.connections,
      amount: REQUESTS,
      requests: [{ method, path, headers }],
    });
    const { rows } = await client.query(
      `select count(*) filter (where query_start >= $1) as busy, count(*) as connections
         from pg_stat_activity where datname = current_database() and pid <> pg_backend_pid()`,
      [clock[0].now],
    );
    const guarded = result.statusCodeStats[scenario.expect]?.count ?? 0;
    const busy = Number(rows[0].busy);
    console.log(
      `Guard path on PostgreSQL: during ${guarded} guarded requests (${path}), ${busy} database ` +
        `connections of the service ran a query (${rows[0].connections} open at the end).`,
    );
    return {
      requests: guarded,
      connectionsThatQueried: busy,
      connections: Number(rows[0].connections),
    };
  } finally {
    await client.end();
  }
}

/** The report's check for the result above. */
export function guardQueryCheck(guardQueries) {
  return {
    name: `no database query on the guard path (connections that queried during ${REQUESTS} guarded requests)`,
    value: guardQueries.connectionsThatQueried,
    pass: guardQueries.connectionsThatQueried === 0,
  };
}
