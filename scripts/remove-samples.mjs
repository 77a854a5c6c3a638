#!/usr/bin/env node
// Removes the two sample modules (finance-dashboard and admin-products) from a new service:
// their code, their tests, their migrations, their routes in the access inventory snapshot, and
// in the generated client.
//
//   npm run samples:remove
//
// Run it once, on a clean working tree, before adding your own modules; review the diff after.
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const SAMPLES = [
  {
    dir: 'src/finance-dashboard',
    module: 'FinanceDashboardModule',
    migration: 'finance_dashboard',
  },
  { dir: 'src/admin-products', module: 'AdminProductsModule', migration: 'admin_products' },
];
const APP_MODULE = 'src/app.module.ts';
const JOURNAL = 'drizzle/meta/_journal.json';

const present = SAMPLES.filter((sample) => existsSync(sample.dir));
if (present.length === 0) {
  console.log('samples:remove: no sample module left; nothing to do.');
  process.exit(0);
}

for (const sample of present) {
  rmSync(sample.dir, { recursive: true });
  const prefix = sample.dir.slice('src/'.length);
  for (const file of readdirSync('test').filter((name) => name.startsWith(`${prefix}.`))) {
    rmSync(join('test', file));
  }
  console.log(`removed ${sample.dir}/ and test/${prefix}.*`);
}

writeFileSync(APP_MODULE, withoutModules(readFileSync(APP_MODULE, 'utf8'), present));
console.log(`removed ${present.map((sample) => sample.module).join(' and ')} from ${APP_MODULE}`);

removeMigrations(present);
run('npx', ['jest', 'test/access-matrix', '--ci=false', '--updateSnapshot', '--silent']);
console.log(
  'updated the route inventory snapshot (test/__snapshots__/access-matrix.e2e-spec.ts.snap)',
);
run('npm', ['run', '--silent', 'client:generate']);
console.log(
  'regenerated the client without their routes (client/openapi.json, client/src/schema.d.ts)',
);

console.log(`
Done. Next:
  - git diff, then npm test
  - README.md ("Try it") and docs/api.md still describe the samples: trim them to your service
  - scripts/soak.mjs drives the finance sample: point it at your routes. The bench skips the samples'
    scenarios now that their routes are gone: add yours to scripts/bench/scenario-list.mjs
  - docs/pagination.md shows the list pattern with the finance sample's code, and its EXPLAIN figures
    include the samples' tables: point it at your own lists
  - a local .data/pglite database keeps the sample tables: delete .data/pglite to start afresh`);

/** The module file without the samples' imports; refuses to guess when it was edited by hand. */
function withoutModules(source, samples) {
  let result = source;
  for (const { module } of samples) {
    const importLine = new RegExp(`^import \\{ ${module} \\} from '[^']+';\\n`, 'm');
    const listEntry = new RegExp(`^\\s+${module},\\n`, 'm');
    if (!importLine.test(result) || !listEntry.test(result)) {
      throw new Error(`${APP_MODULE}: cannot find ${module}'s import; remove it by hand`);
    }
    result = result.replace(importLine, '').replace(listEntry, '');
  }
  return result;
}

/**
 * Sample migrations that were never followed by one of yours are deleted, so a new service starts
 * from a history without them; otherwise a new migration drops the samples' tables.
 */
function removeMigrations(samples) {
  const journal = JSON.parse(readFileSync(JOURNAL, 'utf8'));
  const isSample = (entry) => samples.some((s) => entry.tag.endsWith(`_${s.migration}`));
  const firstSample = journal.entries.findIndex(isSample);
  if (firstSample === -1) return;
  const tail = journal.entries.slice(firstSample);
  if (tail.every(isSample)) {
    for (const entry of tail) {
      rmSync(join('drizzle', `${entry.tag}.sql`));
      rmSync(join('drizzle', 'meta', `${entry.tag.split('_')[0]}_snapshot.json`));
    }
    journal.entries = journal.entries.slice(0, firstSample);
    writeFileSync(JOURNAL, JSON.stringify(journal, null, 2));
    console.log(`removed migrations ${tail.map((entry) => entry.tag).join(', ')}`);
  } else {
    run('npx', ['drizzle-kit', 'generate', '--name', 'remove_samples']);
    console.log(
      'added a migration that drops the samples’ tables (other migrations came after theirs)',
    );
  }
  // The schema and the migrations must now agree: drizzle-kit finds nothing left to generate.
  const check = run('npx', ['drizzle-kit', 'generate', '--name', 'consistency_check']);
  if (!check.includes('No schema changes')) {
    throw new Error(`the migrations do not match the schema after removal:\n${check}`);
  }
}

function run(command, args) {
  return execFileSync(command, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
}
