// What the bench prints: its set-up before the run, and the report (the table, login, memory, the
// targets and any profiles) after it.
import { markdownTable } from '../bench-report.mjs';
import { productionNodeArgs } from '../service-process.mjs';
import { settings } from './options.mjs';

export function printSetup(pinned) {
  const { seconds, rounds, connections, warmUpSeconds, logLevel } = settings;
  console.log(`Node ${process.version} (the servers run on the same binary as this process).`);
  console.log(
    `Bench: ${seconds} s per scenario per round, ${rounds} rounds (round-robin), ${connections} ` +
      `connections, warm-up ${warmUpSeconds} s per scenario.`,
  );
  console.log(
    pinned
      ? 'Pinned with taskset: the servers on CPU 1, the load generator (this process) on CPU 0.'
      : 'Not pinned (taskset or a second CPU missing): servers and load generator share the CPUs.',
  );
  console.log(
    `Service: node ${productionNodeArgs().join(' ')} (as npm run start:prod), NODE_ENV=production, LOG_LEVEL=${logLevel}` +
      `${logLevel === 'info' ? ' (the default): one request log line per request' : ''}, ` +
      'stdout to /dev/null. Bare reference: Fastify alone with the same body, status and ' +
      'cache-control, but no helmet headers, no x-request-id and no logging.',
  );
  if (process.env.DATABASE_URL) {
    console.log('DATABASE_URL is set: a second service on PostgreSQL (its server is not pinned).');
  }
}

const format = (value, digits = 0) =>
  value === undefined ? '' : value.toFixed(digits).replace(/\.0+$/, '');

export function printReport(report) {
  const { rounds, seconds, connections, loginSeconds } = settings;
  console.log(
    `\nMedians of ${rounds} rounds of ${seconds} s, ${connections} connections; ratios are medians ` +
      "of per-round ratios. CPU: the server process's own CPU time (all threads) over the " +
      'run, and per response. "bad" counts responses with another status (must be 0).\n',
  );
  console.log(markdownTable(scenarioTable(report.scenarios), 4));

  console.log('\nLogin (POST /auth/login, correct password, Argon2id verify on the server):');
  for (const login of report.login) {
    console.log(
      `  ${login.server}: ${login.rps} req/s, p50 ${login.p50} ms, p99 ${login.p99} ms ` +
        `(${login.connections} connections, ${loginSeconds} s, server CPU ${login.cpuPercent}%)`,
    );
  }
  console.log(
    `Argon2id in the bench process: hash ${report.argon2.hashMs} ms, verify ` +
      `${report.argon2.verifyMs} ms (median of ${report.argon2.calls} calls, app's parameters).`,
  );
  console.log('\nServer RSS (MB): after start / idle after warm-up / after the run');
  for (const [name, server] of Object.entries(report.servers)) {
    console.log(`  ${name}: ${server.rssStartMb} / ${server.rssIdleMb} / ${server.rssAfterMb}`);
  }

  const unsaturated = report.scenarios.filter((row) => row.cpuPercent < 90).map((row) => row.id);
  if (unsaturated.length > 0) {
    console.log(
      `\nServer CPU under 90% in ${unsaturated.join(', ')}: there the server was not the limit ` +
        '(the load generator, another process on its CPU, or a PostgreSQL round trip was), ' +
        'so req/s understates it; CPU us/req still compares the servers.',
    );
  }
  console.log('\nTargets (informational):');
  for (const check of report.checks) {
    console.log(
      `  ${check.pass ? 'PASS' : 'MISS'}  ${check.name}: ${format(check.value, 2)}` +
        (check.cpuValue === undefined
          ? ''
          : ` (from CPU per request: ${format(check.cpuValue, 2)})`),
    );
  }
  for (const [id, summary] of Object.entries(report.profiles ?? {})) printProfile(id, summary);
}

function scenarioTable(scenarios) {
  return [
    [
      '#',
      'scenario',
      'server',
      'status',
      'req/s',
      'p50 ms',
      'p99 ms',
      'x public',
      'x bare',
      'CPU %',
      'CPU us/req',
      'bad',
    ],
    ...scenarios.map((row) => [
      row.id,
      row.name,
      row.server,
      String(row.expect),
      String(row.rps),
      format(row.p50, 1),
      format(row.p99, 1),
      format(row.toPublic, 2),
      format(row.toBare, 2),
      format(row.cpuPercent),
      format(row.cpuMicrosPerRequest),
      String(row.unexpected),
    ]),
  ];
}

function printProfile(id, summary) {
  console.log(
    `\nProfile of scenario ${id} (${summary.name}, ${summary.rps} req/s while profiled, ` +
      `${summary.idlePercent}% idle): ${summary.file}`,
  );
  for (const { name, percent } of summary.functions.slice(0, 10)) {
    console.log(`  ${String(percent).padStart(5)}%  ${name}`);
  }
  const packages = summary.packages.map(({ name, percent }) => `${name} ${percent}%`);
  console.log(`  by package: ${packages.join(', ')}`);
}
