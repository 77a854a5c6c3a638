// The auth bench from start to end: the servers, the scenarios their routes allow, the round-robin
// rounds, the guard-path query check on PostgreSQL, login, profiles, then the report.
import os from 'node:os';
import { writeReport } from '../bench-report.mjs';
import { pinLoadGenerator, rssMb, stopAll, stopServersOnExit } from '../service-process.mjs';
import { timeArgon2 } from './argon2.mjs';
import { countGuardQueries, guardQueryCheck } from './guard-queries.mjs';
import { measureLogins } from './login.mjs';
import { settings } from './options.mjs';
import { printReport, printSetup } from './print.mjs';
import { profileScenarios } from './profile.mjs';
import { buildReport } from './report.mjs';
import { routeInventory, scenariosWithRoutes } from './route-check.mjs';
import { checkEachOnce, runRounds, warmUp } from './rounds.mjs';
import { SCENARIOS } from './scenario-list.mjs';
import { prepareScenarios } from './scenarios.mjs';
import { startServers } from './servers.mjs';

export async function main() {
  const startedAt = new Date();
  const stamp = startedAt.toISOString().replace(/[:.]/g, '-');
  const pinned = pinLoadGenerator();
  stopServersOnExit();
  printSetup(pinned);
  const loadBefore = os.loadavg()[0];
  if (loadBefore > 0.5) {
    console.log(
      `Load average ${loadBefore.toFixed(2)} before the start: other processes are busy, so the ` +
        'figures may come out low and noisy.',
    );
  }

  const failures = [];
  try {
    const list = scenariosWithRoutes(SCENARIOS, routeInventory());
    const argon2 = await timeArgon2();
    console.log(
      `Argon2id (this process): hash ${argon2.hashMs} ms, verify ${argon2.verifyMs} ms (median of ${argon2.calls})`,
    );
    const servers = await startServers(pinned);
    const scenarios = await prepareScenarios(list, servers);
    await checkEachOnce(scenarios);
    await warmUp(scenarios, servers);
    await runRounds(scenarios, failures);

    const guard = scenarios.find((scenario) => scenario.id === '2pg');
    const guardQueries = guard ? await countGuardQueries(guard) : undefined;
    const logins = await measureLogins(servers, failures);
    for (const server of Object.values(servers)) server.rssAfterMb = rssMb(server);

    const profiles = settings.profiling ? await profileScenarios(scenarios, stamp) : undefined;
    const report = buildReport({ startedAt, pinned, argon2, servers, scenarios, logins, profiles });
    report.guardQueries = guardQueries;
    if (guardQueries) report.checks.push(guardQueryCheck(guardQueries));
    report.machine.loadAverage = { before: loadBefore, after: os.loadavg()[0] };
    report.failures = failures;
    printReport(report);
    writeReport(report, { name: 'bench', stamp, latest: 'latest.json' });
  } catch (error) {
    failures.push(error instanceof Error ? error.message : String(error));
  } finally {
    await stopAll();
  }
  if (failures.length > 0) {
    console.error(`Bench FAILED:\n  - ${failures.join('\n  - ')}`);
    process.exitCode = 1;
  }
}
