// The run as one JSON report: per-scenario medians over the rounds, ratios paired within each round,
// the informational targets, login, Argon2id, the servers' memory and the machine.
import os from 'node:os';
import { median, round2 } from '../bench-report.mjs';
import { settings } from './options.mjs';

/** The scenarios the ratios divide by: the public route, the bare and the minimal Nest references. */
const PUBLIC = '1';
const GUARDED = '2';
const BARE = '8';
const MINIMAL = '9';

export function buildReport({ startedAt, pinned, argon2, servers, scenarios, logins, profiles }) {
  const byId = new Map(scenarios.map((scenario) => [scenario.id, scenario]));
  /** Median over rounds of a/b, each round's pair measured seconds apart (rounds.mjs). */
  const paired = (a, b, of) =>
    byId.has(a) && byId.has(b)
      ? round2(median(byId.get(a).rounds.map((r, i) => of(r, byId.get(b).rounds[i]))))
      : undefined;
  const ratio = (a, b) => paired(a, b, (x, y) => x.rps / y.rps);
  /** The same ratio from the server's CPU cost per request: what req/s would be on a quiet core. */
  const cpuRatio = (a, b) => paired(a, b, (x, y) => y.cpuMicrosPerRequest / x.cpuMicrosPerRequest);
  const rows = scenarios.map((scenario) => ({
    id: scenario.id,
    name: scenario.name,
    server: scenario.server.name,
    request: `${scenario.request.method} ${scenario.request.path}`,
    expect: scenario.expect,
    rps: Math.round(median(scenario.rounds.map((r) => r.rps))),
    p50: median(scenario.rounds.map((r) => r.p50)),
    p99: median(scenario.rounds.map((r) => r.p99)),
    toPublic: ratio(scenario.id, PUBLIC),
    toBare: ratio(scenario.id, BARE),
    cpuPercent: median(scenario.rounds.map((r) => r.cpuPercent)),
    cpuMicrosPerRequest: median(scenario.rounds.map((r) => r.cpuMicrosPerRequest)),
    cpuToPublic: cpuRatio(scenario.id, PUBLIC),
    cpuToBare: cpuRatio(scenario.id, BARE),
    unexpected: scenario.rounds.reduce((sum, r) => sum + r.unexpected, 0),
    rounds: scenario.rounds,
  }));
  const check = (name, a, b, pass) => {
    const value = ratio(a, b);
    return { name, value, cpuValue: cpuRatio(a, b), pass: value !== undefined && pass(value) };
  };
  const atLeast = (target) => (value) => value >= target;
  const checks = [
    check('guarded 200 >= 0.8x the minimal Nest app', GUARDED, MINIMAL, atLeast(0.8)),
    check('public >= 0.6x bare Fastify', PUBLIC, BARE, atLeast(0.6)),
    check('401 no token >= 0.9x guarded 200', '3', GUARDED, atLeast(0.9)),
    check('401 bad signature >= 0.9x guarded 200', '4', GUARDED, atLeast(0.9)),
    check('401 expired >= 0.9x guarded 200', '4b', GUARDED, atLeast(0.9)),
    check('403 missing role >= 0.9x guarded 200', '5', GUARDED, atLeast(0.9)),
  ];
  const p99 = paired(GUARDED, MINIMAL, (x, y) => x.p99 / y.p99);
  if (p99 !== undefined) {
    checks.push({ name: 'guarded p99 <= 1.5x the minimal app p99', value: p99, pass: p99 <= 1.5 });
  }
  if (byId.has('2pg')) {
    const within = (value) => value >= 0.9 && value <= 1.1;
    checks.push(check('guarded on PostgreSQL within +-10% of PGlite', '2pg', GUARDED, within));
  }
  return {
    startedAt: startedAt.toISOString(),
    machine: {
      cpus: os.cpus().length,
      model: os.cpus()[0]?.model,
      node: process.version,
      pinned: pinned ? 'servers on CPU 1, load generator on CPU 0 (taskset)' : 'not pinned',
    },
    settings: {
      secondsPerScenarioPerRound: settings.seconds,
      warmUpSeconds: settings.warmUpSeconds,
      rounds: settings.rounds,
      connections: settings.connections,
      logLevel: settings.logLevel,
      quick: settings.quick,
    },
    servers: Object.fromEntries(
      Object.values(servers).map(({ name, pid, rssStartMb, rssIdleMb, rssAfterMb }) => [
        name,
        { pid, rssStartMb, rssIdleMb, rssAfterMb },
      ]),
    ),
    scenarios: rows,
    checks,
    login: logins,
    argon2,
    profiles,
  };
}
