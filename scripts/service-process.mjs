// What the benches share about the processes they measure: pinning, starting a server as its own
// process, its CPU time and RSS, and stopping every server they started.
import { spawn, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import os from 'node:os';
import { setTimeout as sleep } from 'node:timers/promises';
import { freePort, waitUntilOk } from './service-client.mjs';

const CLOCK_TICKS = Number(spawnSync('getconf', ['CLK_TCK']).stdout?.toString()) || 100;
const children = new Set();

/** Pins this process (every thread) to CPU 0; the servers go to CPU 1. */
export function pinLoadGenerator() {
  if (os.availableParallelism() < 2) return false;
  const result = spawnSync('taskset', ['-a', '-c', '-p', '0', String(process.pid)]);
  return result.status === 0;
}

/** Stops every server on exit, and on SIGINT or SIGTERM before exiting. */
export function stopServersOnExit() {
  process.once('exit', () => killAll());
  for (const [signal, code] of [
    ['SIGINT', 130],
    ['SIGTERM', 143],
  ]) {
    process.once(signal, () => void stopAll().finally(() => process.exit(code)));
  }
}

/**
 * The built service's environment in production mode, loopback only. An empty value means unset,
 * and wins over a .env file in the working directory.
 */
/**
 * The arguments `npm run start:prod` gives node (its V8 options, then dist/main.js), so that the
 * benches and the soak run the service exactly as production does.
 */
export function productionNodeArgs() {
  const command = JSON.parse(readFileSync('package.json', 'utf8')).scripts['start:prod'];
  return command.split(/\s+/).slice(1);
}

export function productionEnv({ logLevel, jwtSecret, ...extra }) {
  return {
    NODE_ENV: 'production',
    HOST: '127.0.0.1',
    LOG_LEVEL: logLevel,
    JWT_SECRET: jwtSecret,
    PGLITE_DATA_DIR: 'memory://',
    DATABASE_URL: '',
    REDIS_URL: '',
    TRUST_PROXY: '',
    ADMIN_ALLOWED_CIDRS: '',
    CORS_ORIGINS: '',
    JWT_PREVIOUS_SECRET: '',
    SMTP_URL: 'smtp://127.0.0.1:2525', // required in production; never contacted, as no mail is sent
    ...extra,
  };
}

/**
 * Starts `node <nodeArgs>` on a free port (on CPU 1 when pinned) and waits until GET /health/live
 * answers. Its stdout (the request log) goes to /dev/null: the server pays for building and writing
 * each line, but no terminal or pipe reader slows it down; its stderr is this process's.
 */
export async function startServer({ name, nodeArgs, env, pinned, ipc = false }) {
  const port = await freePort();
  const command = [process.execPath, ...nodeArgs];
  const [file, ...rest] = pinned ? ['taskset', '-c', '1', ...command] : command;
  const child = spawn(file, rest, {
    env: { PATH: process.env.PATH, PORT: String(port), ...env },
    stdio: ['ignore', 'ignore', 'inherit', ...(ipc ? ['ipc'] : [])],
  });
  children.add(child);
  const server = { name, pid: child.pid, port, base: `http://127.0.0.1:${port}`, child };
  child.once('exit', (code, signal) => (server.exited = signal ?? `code ${code}`));
  await waitUntilOk(`${server.base}/health/live`, () => assertAlive(server), 60);
  server.rssStartMb = rssMb(server);
  return server;
}

export function assertAlive(server) {
  if (server.exited) throw new Error(`the ${server.name} server died (${server.exited})`);
}

function isRunning(child) {
  return child.exitCode === null && child.signalCode === null;
}

function killAll(signal = 'SIGTERM') {
  for (const child of children) if (isRunning(child)) child.kill(signal);
}

/** SIGTERM to `server`, then SIGKILL if it still runs 5 s later. */
export function stopServer(server) {
  return stopChildren([server.child]);
}

/** SIGTERM to every server, then SIGKILL to any still running 5 s later. */
export function stopAll() {
  return stopChildren([...children]);
}

async function stopChildren(list) {
  const running = list.filter(isRunning);
  const exits = running.map((child) => new Promise((resolve) => child.once('exit', resolve)));
  for (const child of running) child.kill('SIGTERM');
  const stopped = await Promise.race([
    Promise.all(exits).then(() => true),
    sleep(5000, false, { ref: false }),
  ]);
  if (stopped) return;
  for (const child of running) if (isRunning(child)) child.kill('SIGKILL');
  await Promise.all(exits);
}

/** User and system CPU time of the server process, all threads, in seconds. */
export function cpuSeconds(server) {
  const fields = readFileSync(`/proc/${server.pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS;
}

export function rssMb(server) {
  const status = readFileSync(`/proc/${server.pid}/status`, 'utf8');
  return Math.round(Number(/VmRSS:\s+(\d+)/.exec(status)[1]) / 1024);
}
