// What the scale bench's phases share: one autocannon run measured from each response's own time.
import { round2 } from '../bench-report.mjs';
import { assertAlive, cpuSeconds } from '../service-process.mjs';

/**
 * One autocannon run, whose responses must all be 200 (anything else, an error or a timeout breaks
 * the bench). Throughput and percentiles come from each response's own time: autocannon's histogram
 * has 1 ms steps, and its duration counts up to the tick after the last response.
 */
export async function loadRun(autocannon, server, what, options) {
  const times = [];
  let lastAt = 0;
  const cpuBefore = cpuSeconds(server);
  const startedAt = performance.now();
  const instance = autocannon({ url: server.base, sampleInt: 100, ...options });
  instance.on('response', (_client, _status, _bytes, milliseconds) => {
    times.push(milliseconds);
    lastAt = performance.now();
  });
  const result = await instance;
  assertAlive(server);
  const cpu = cpuSeconds(server) - cpuBefore;
  const statuses = Object.fromEntries(
    Object.entries(result.statusCodeStats).map(([status, { count }]) => [status, count]),
  );
  const ok = statuses[200] ?? 0;
  if (ok !== times.length || result.errors > 0 || result.timeouts > 0) {
    throw new Error(
      `${what}: expected only 200, got ${JSON.stringify(statuses)}, ` +
        `${result.errors} errors, ${result.timeouts} timeouts`,
    );
  }
  const seconds = (lastAt - startedAt) / 1000;
  times.sort((x, y) => x - y);
  const at = (share) => round2(times[Math.min(times.length - 1, Math.floor(times.length * share))]);
  return {
    requests: ok,
    seconds: round2(seconds),
    rps: Math.round(ok / seconds),
    p50: at(0.5),
    p99: at(0.99),
    cpuMicrosPerRequest: ok > 0 ? Math.round((cpu * 1e6) / ok) : undefined,
  };
}

export function secondsSince(startMs) {
  return Math.round((Date.now() - startMs) / 100) / 10;
}
