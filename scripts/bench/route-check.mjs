// Which scenarios the built service can answer: its route inventory (the JSON of `npm run routes
// -- --json`, read from dist/) must list a scenario's method and path; the others are skipped with a
// line saying so.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { productionEnv } from '../service-process.mjs';
import { JWT_SECRET } from './accounts.mjs';

const PRINT_ROUTES = 'dist/access/print-routes.js';

/** `METHOD /path` of every route in the built service, its parameters as `:name`. */
export function routeInventory() {
  if (!existsSync(PRINT_ROUTES)) throw new Error(`no ${PRINT_ROUTES}: run \`npm run build\` first`);
  const json = execFileSync(process.execPath, [PRINT_ROUTES, '--json'], {
    encoding: 'utf8',
    env: {
      PATH: process.env.PATH,
      ...productionEnv({ logLevel: 'silent', jwtSecret: JWT_SECRET }),
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return new Set(JSON.parse(json).map(({ method, path }) => `${method} ${path}`));
}

/** The scenarios whose route exists (a reference server's always does), in their order. */
export function scenariosWithRoutes(scenarios, routes) {
  return scenarios.filter((scenario) => {
    const route = `${scenario.method} ${scenario.path}`;
    if (scenario.server || routes.has(route)) return true;
    const sample = scenario.sample ? ` (the ${scenario.sample} sample)` : '';
    console.log(`No ${route} in the route inventory${sample}: skipping ${scenario.id}.`);
    return false;
  });
}
