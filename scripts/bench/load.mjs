// One load run of a scenario with autocannon: throughput, latency, the server's CPU time, and the
// responses whose status was not the expected one.
import autocannon from 'autocannon';
import { assertAlive, cpuSeconds } from '../service-process.mjs';
import { settings } from './options.mjs';

export async function measure(scenario, duration, connections = settings.connections) {
  const { method, path, headers, body, setupRequest } = scenario.request;
  const cpuBefore = cpuSeconds(scenario.server);
  const result = await autocannon({
    url: scenario.server.base,
    connections,
    duration,
    requests: [
      { method, path, headers, ...(body && { body }), ...(setupRequest && { setupRequest }) },
    ],
  });
  assertAlive(scenario.server);
  const cpu = cpuSeconds(scenario.server) - cpuBefore;
  const statuses = Object.fromEntries(
    Object.entries(result.statusCodeStats).map(([status, { count }]) => [status, count]),
  );
  const expected = statuses[scenario.expect] ?? 0;
  const answered = Object.values(statuses).reduce((sum, count) => sum + count, 0);
  return {
    rps: Math.round(result.requests.total / result.duration),
    p50: result.latency.p50,
    p99: result.latency.p99,
    requests: result.requests.total,
    // The server's own CPU time: on a shared machine, cost per request is steadier than req/s.
    cpuPercent: Math.round((cpu / result.duration) * 100),
    cpuMicrosPerRequest: answered > 0 ? Math.round((cpu * 1e6) / answered) : undefined,
    statuses,
    errors: result.errors,
    timeouts: result.timeouts,
    unexpected: answered - expected + result.errors + result.timeouts,
  };
}

export function expectOnly(scenario, result, when) {
  if (result.unexpected > 0) throw new Error(unexpectedMessage(scenario, result, when));
}

export function unexpectedMessage(scenario, result, when) {
  return (
    `scenario ${scenario.id} on ${scenario.server.name} (${when}): expected only ${scenario.expect}, ` +
    `got ${JSON.stringify(result.statuses)}, ${result.errors} errors, ${result.timeouts} timeouts`
  );
}
