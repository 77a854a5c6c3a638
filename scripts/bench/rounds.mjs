// The round-robin runner: one request per scenario, a warm-up, then the scenarios in turn, round
// after round, so that each round's figures are measured minutes apart at most.
import { setTimeout as sleep } from 'node:timers/promises';
import { rssMb } from '../service-process.mjs';
import { expectOnly, measure, unexpectedMessage } from './load.mjs';
import { settings } from './options.mjs';

/** One request per scenario before any load: a wrong status stops the bench at once. */
export async function checkEachOnce(scenarios) {
  for (const { server, request, expect, id } of scenarios) {
    const { method, path, headers, body } = request;
    const response = await fetch(`${server.base}${path}`, { method, headers, body });
    await response.arrayBuffer();
    if (response.status !== expect) {
      throw new Error(
        `scenario ${id}: ${method} ${path} answered ${response.status}, not ${expect}`,
      );
    }
  }
}

/** The warm-up, then each server's idle RSS (`rssIdleMb`). */
export async function warmUp(scenarios, servers) {
  console.log(`Warm-up: ${settings.warmUpSeconds} s per scenario`);
  for (const scenario of scenarios) {
    expectOnly(scenario, await measure(scenario, settings.warmUpSeconds), 'warm-up');
  }
  await sleep(2000);
  for (const server of Object.values(servers)) server.rssIdleMb = rssMb(server);
}

/** Each round's result goes to `scenario.rounds`; unexpected statuses to `failures`. */
export async function runRounds(scenarios, failures) {
  const { rounds, seconds } = settings;
  for (let round = 1; round <= rounds; round++) {
    for (const scenario of scenarios) {
      const result = await measure(scenario, seconds);
      scenario.rounds.push(result);
      if (result.unexpected > 0) failures.push(unexpectedMessage(scenario, result, round));
      console.log(
        `round ${round}/${rounds}  ${scenario.id.padEnd(4)} ${String(result.rps).padStart(6)} req/s  ` +
          `p99 ${String(result.p99).padStart(4)} ms  CPU ${result.cpuPercent}%  ${scenario.name}`,
      );
    }
  }
}
