// Start-up times as a new user sees them, each run 3 times (median quoted in docs/testing.md):
//   first   `npm start` on an empty data dir (no dist/, no cached template) to the first 200 of /health/live
//   restart `npm start` again, nothing changed, to the first 200
//   emptied `npm start` after deleting .data/pglite (dist/ and the cached PGlite template kept)
//   dev     `npm run start:dev`: after a one-line change to a source file, to the first 200 of the new process
// Usage: node scripts/measure-start.mjs [first|restart|emptied|dev ...] (default: all). Uses PORT 3310.
import { spawn } from 'node:child_process';
import { appendFileSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { setTimeout as sleep } from 'node:timers/promises';

const PORT = '3310';
const URL = `http://127.0.0.1:${PORT}/health/live`;
const TOUCHED = 'src/health/health.controller.ts';
const RUNS = 3;

const up = () =>
  fetch(URL).then(
    (response) => response.status === 200,
    () => false,
  );

async function until(predicate, timeoutMs = 120_000) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await predicate()) return;
    await sleep(20);
  }
  throw new Error('timed out');
}

function npm(script) {
  const child = spawn('npm', ['run', script], {
    env: { ...process.env, PORT },
    stdio: 'ignore',
    detached: true, // its own process group, so the CLI and the app stop together
  });
  const { pid } = child;
  if (!pid) throw new Error(`npm run ${script} did not start`);
  const exited = new Promise((resolve) => child.on('exit', resolve));
  return {
    async stop() {
      process.kill(-pid, 'SIGTERM');
      await exited;
      await until(async () => !(await up()), 10_000);
    },
  };
}

async function timeStart(script) {
  const started = Date.now();
  const service = npm(script);
  await until(up);
  const ms = Date.now() - started;
  await service.stop();
  return ms;
}

const cases = {
  first: () => {
    rmSync('.data/pglite', { recursive: true, force: true });
    rmSync('dist', { recursive: true, force: true });
    rmSync('node_modules/.cache/pglite', { recursive: true, force: true });
    return timeStart('start');
  },
  restart: () => timeStart('start'),
  emptied: () => {
    rmSync('.data/pglite', { recursive: true, force: true }); // "delete that folder to start over"
    return timeStart('start');
  },
  dev: async () => {
    const service = npm('start:dev');
    await until(up);
    await sleep(2000); // let the watcher settle
    const original = readFileSync(TOUCHED, 'utf8');
    const started = Date.now();
    appendFileSync(TOUCHED, '\n');
    try {
      await until(async () => !(await up()), 30_000); // the old process is gone
      await until(up);
      return Date.now() - started;
    } finally {
      writeFileSync(TOUCHED, original);
      await sleep(2000);
      await service.stop();
    }
  },
};

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const chosen = process.argv.slice(2).length > 0 ? process.argv.slice(2) : Object.keys(cases);
if (await up()) throw new Error(`port ${PORT} is in use`);
console.log(`node ${process.version}, ${cpus().length} cores`);
for (const name of chosen) {
  const runs = [];
  for (let i = 0; i < RUNS; i++) runs.push(await cases[name]());
  console.log(
    `${name.padEnd(8)} median ${(median(runs) / 1000).toFixed(1)} s  runs ${runs.map((ms) => (ms / 1000).toFixed(1)).join(' / ')} s  (load average ${loadavg()[0].toFixed(1)})`,
  );
}
