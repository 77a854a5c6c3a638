// The round-robin runner: one request per scenario, a warm-up, then the scenarios in turn, round
// after round. Within a round, each scenario runs next to the one its target divides by, and every
// other round runs backwards, so that a ratio pairs measurements seconds apart and a drift of the
// machine's speed during a round weighs on both sides alike.
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
  const order = measuringOrder(scenarios);
  for (let round = 1; round <= rounds; round++) {
    for (const scenario of round % 2 === 1 ? order : order.toReversed()) {
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

/** The references and the scenarios compared with them side by side; then the rest, in list order. */
const PAIRED_FIRST = ['8', '1', '11', '9', '2', '2pg', '3', '4', '4b', '5', '10'];

function measuringOrder(scenarios) {
  const rank = (scenario) => {
    const index = PAIRED_FIRST.indexOf(scenario.id);
    return index === -1 ? PAIRED_FIRST.length : index;
  };
  return scenarios.toSorted((a, b) => rank(a) - rank(b));
}
