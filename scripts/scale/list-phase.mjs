// Phase 2 of the scale bench: a list's p99 and response size with 1,000 rows, then with many more
// inserted in one statement (the first page, and a page reached by following cursors).
import { check, median, round2 } from '../bench-report.mjs';
import { expectStatus } from '../service-client.mjs';
import { loadRun, secondsSince } from './measure.mjs';

const FEW_ROWS = 1_000;
/** Fewer connections on the list, so its p99 is about the query rather than the queue. */
const LIST_CONNECTIONS = 10;
/** Runs per page and table size (p99: their median, steadier on a shared machine). */
const LIST_RUNS = 5;
const PRODUCT_NAME = "'Scale product ' || g";
/** The list endpoint of phase 2 and its page shape: adjust here if the API changes. */
const LIST = {
  limit: 20,
  deepPages: 10,
  path(cursor) {
    const query = `limit=${this.limit}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`;
    return `/products?${query}`;
  },
  /** `{ items, nextCursor }`; undefined for the unpaginated answer (an array of every row). */
  page(body) {
    if (Array.isArray(body)) return undefined;
    if (!Array.isArray(body?.items)) throw new Error(`unknown list shape: ${JSON.stringify(body)}`);
    return { items: body.items, nextCursor: body.nextCursor ?? null };
  },
};

/**
 * Measures with FEW_ROWS products, inserts up to `rows` in one statement, measures again. An
 * unpaginated list (an array of every row) is reported as such, and not requested at `rows`.
 */
export async function measureList({ autocannon, db, settings }, service) {
  const { rows, runSeconds } = settings;
  console.log(
    `\nPhase 2: GET ${LIST.path()} with ${FEW_ROWS} vs ${rows.toLocaleString('en')} rows`,
  );
  const measure = async () => {
    const state = { rows: await countProducts(db), runSeconds };
    return measureListState(autocannon, service, state);
  };
  const existing = await countProducts(db);
  let inserted = await insertProducts(db, 1, FEW_ROWS - existing);
  const small = await measure();
  const started = Date.now();
  inserted += await insertProducts(db, inserted + 1, rows - existing - inserted);
  const insertSeconds = secondsSince(started);
  console.log(`  inserted up to ${rows} rows in ${insertSeconds} s (one statement)`);
  const settingsUsed = { rows, limit: LIST.limit, connections: LIST_CONNECTIONS, runSeconds };
  if (!small.paginated) {
    console.log(
      `  not paginated: GET ${LIST.path()} answered all ${small.first.items} rows ` +
        `(${small.first.bytes} bytes); the ${rows}-row list is not requested.`,
    );
    return { paginated: false, ...settingsUsed, small, insertSeconds };
  }
  const large = await measure();
  const ratio = (page) => round2(large[page].p99 / small[page].p99);
  return {
    paginated: true,
    ...settingsUsed,
    small,
    large,
    insertSeconds,
    p99Ratio: ratio('first'),
    deepP99Ratio: ratio('deep'),
  };
}

async function countProducts(db) {
  return Number((await db.query('select count(*)::int as n from products')).rows[0].n);
}

/** Rows `from`…`from + count - 1`, created a few seconds apart over about a year, then vacuumed. */
async function insertProducts(db, from, count) {
  if (count <= 0) return 0;
  await db.query(
    `insert into products (name, price_cents, description, created_at, updated_at)
       select ${PRODUCT_NAME}, 100 + g % 100000, 'A generated product for the scale bench.',
              now() - g * interval '31 seconds', now() - g * interval '31 seconds'
         from generate_series($1::int, $2::int) g`,
    [from, from + count - 1],
  );
  await db.query('vacuum analyze products');
  return count;
}

/** The first page and the page `deepPages` cursors in: size, then latency under load. */
async function measureListState(autocannon, service, { rows, runSeconds }) {
  const first = await fetchPage(service, LIST.path());
  if (!first.page) {
    return { rows, paginated: false, first: { bytes: first.bytes, items: first.items } };
  }
  let page = first;
  let depth = 0;
  while (depth < LIST.deepPages && page.page.nextCursor) {
    page = await fetchPage(service, LIST.path(page.page.nextCursor));
    depth++;
  }
  const load = async (path) => {
    await listRun(autocannon, service, path, 1); // warm-up: plans, buffers, JIT
    const runs = [];
    for (let run = 0; run < LIST_RUNS; run++) {
      runs.push(await listRun(autocannon, service, path, runSeconds));
    }
    const of = (field) => median(runs.map((run) => run[field]));
    return { rps: Math.round(of('rps')), p50: of('p50'), p99: of('p99'), runs };
  };
  const state = {
    rows,
    paginated: true,
    first: { bytes: first.bytes, items: first.items, ...(await load(LIST.path())) },
    deep: { page: depth + 1, bytes: page.bytes, items: page.items, ...(await load(page.path)) },
  };
  console.log(
    `  ${rows} rows: first page p99 ${state.first.p99} ms (${state.first.bytes} bytes), ` +
      `page ${state.deep.page} p99 ${state.deep.p99} ms (${state.deep.bytes} bytes)`,
  );
  return state;
}

async function fetchPage(service, path) {
  const answer = await expectStatus(service, 'GET', path, { expect: 200 });
  const page = LIST.page(answer.body);
  const items = page ? page.items.length : answer.body.length;
  return { path, page, items, bytes: Buffer.byteLength(answer.text) };
}

function listRun(autocannon, server, path, seconds) {
  const options = { connections: LIST_CONNECTIONS, duration: seconds };
  return loadRun(autocannon, server, `GET ${path}`, { ...options, requests: [{ path }] });
}

/** The phase's targets, table rows and note (see guardResults). */
export function listResults(list) {
  const { small, large } = list;
  const pages = [small.first, small.deep, large?.first, large?.deep].filter(Boolean);
  const items = Math.max(...pages.map((page) => page.items));
  const bounded = check(
    `list response bounded by limit=${LIST.limit} (most items in a response)`,
    items,
    list.paginated && items <= LIST.limit,
  );
  if (!list.paginated) {
    return {
      note: `Phase 2: GET ${LIST.path()} is not paginated; ${list.rows} rows were not requested.`,
      checks: [bounded],
      rows: [
        [
          `GET ${LIST.path()}: not paginated, every row (items)`,
          small.first.items,
          '',
          '',
          `<= ${LIST.limit} items`,
          bounded,
        ],
        ['response bytes', small.first.bytes],
      ].map((row) => ['2', ...row]),
    };
  }
  const flat = (page, ratio) =>
    check(`list p99 (${page}): ${large.rows} rows <= 1.5x ${small.rows} rows`, ratio, ratio <= 1.5);
  const first = flat('first page', list.p99Ratio);
  const deep = flat(`page ${small.deep.page}`, list.deepP99Ratio);
  return {
    note:
      `Phase 2: ${LIST_CONNECTIONS} connections, medians of ${LIST_RUNS} runs of ` +
      `${list.runSeconds} s per page and table size.`,
    checks: [first, deep, bounded],
    rows: [
      [
        `GET ${LIST.path()} p99 ms: ${small.rows} rows, then ${large.rows}`,
        small.first.p99,
        large.first.p99,
        list.p99Ratio,
        '<= 1.5',
        first,
      ],
      ['p50 ms', small.first.p50, large.first.p50, round2(large.first.p50 / small.first.p50)],
      [
        `page ${small.deep.page} (${LIST.deepPages} cursors in) p99 ms`,
        small.deep.p99,
        large.deep.p99,
        list.deepP99Ratio,
        '<= 1.5',
        deep,
      ],
      [
        'response bytes, first page (items)',
        `${small.first.bytes} (${small.first.items})`,
        `${large.first.bytes} (${large.first.items})`,
        round2(large.first.bytes / small.first.bytes),
        `<= ${LIST.limit} items`,
        bounded,
      ],
    ].map((row) => ['2', ...row]),
  };
}
