import { ChildProcess, execFileSync, spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { createServer, type AddressInfo } from 'node:net';
import { join } from 'node:path';
import { uniqueEmail } from './support/users.js';

async function freePort(): Promise<number> {
  const server = createServer().listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  server.close();
  await once(server, 'close');
  return port;
}

// Compiled for this file alone (inside the project, so node_modules and "type": "module" apply),
// leaving the developer's dist/ alone.
const buildDir = join('.data', `startup-test-build-${process.pid}`);

/** Runs the built service as a process, as `npm start` would, with the given environment. */
function startService(env: Record<string, string>): ChildProcess & { output: () => string } {
  const child = spawn(process.execPath, [join(buildDir, 'main.js')], {
    env: { PATH: process.env.PATH ?? '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  return Object.assign(child, { output: () => output });
}

async function waitUntilHealthy(
  baseUrl: string,
  child: ChildProcess & { output: () => string },
): Promise<void> {
  for (let attempt = 0; attempt < 200; attempt++) {
    if (child.exitCode !== null)
      throw new Error(`the service exited with ${child.exitCode}:\n${child.output()}`);
    const healthy = await fetch(`${baseUrl}/health`).then(
      (r) => r.ok,
      () => false,
    );
    if (healthy) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`the service did not become healthy in 20 s:\n${child.output()}`);
}

/** The exit code, or the signal that ended the process (Nest re-raises SIGTERM once shut down). */
async function exitOf(child: ChildProcess): Promise<number | string | null> {
  if (child.exitCode !== null || child.signalCode !== null)
    return child.exitCode ?? child.signalCode;
  const [code, signal] = (await once(child, 'exit')) as [number | null, string | null];
  return code ?? signal;
}

describe('Starting and stopping the built service', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'starter-data-'));
  let port: string;
  let baseUrl: string;
  let devEnv: Record<string, string>;

  beforeAll(async () => {
    port = String(await freePort());
    baseUrl = `http://127.0.0.1:${port}`;
    devEnv = { NODE_ENV: 'development', PORT: port, HOST: '127.0.0.1', PGLITE_DATA_DIR: dataDir };
    execFileSync(
      process.execPath,
      [
        'node_modules/typescript/bin/tsc',
        '-p',
        'tsconfig.build.json',
        '--outDir',
        buildDir,
        '--incremental',
        'false',
      ],
      { stdio: 'ignore' },
    );
  }, 120_000);

  afterAll(() => {
    rmSync(dataDir, { recursive: true, force: true });
    rmSync(buildDir, { recursive: true, force: true });
  });

  it.each([
    ['a missing JWT_SECRET', {}],
    ['a JWT_SECRET shorter than 32 bytes', { JWT_SECRET: 'too-short' }],
  ])('refuses to start in production with %s, naming it', async (_case, secret) => {
    const child = startService({
      NODE_ENV: 'production',
      PORT: port,
      PGLITE_DATA_DIR: 'memory://',
      ...secret,
    });
    expect(await exitOf(child)).not.toBe(0);
    expect(child.output()).toContain('JWT_SECRET');
  });

  it('seeds demo data on an empty embedded database, stops on SIGTERM, and keeps data across a restart', async () => {
    const first = startService(devEnv);
    await waitUntilHealthy(baseUrl, first);
    expect(first.output()).toContain('Seeded demo accounts admin@example.com and user@example.com');

    const email = uniqueEmail('durable');
    const registered = await fetch(`${baseUrl}/auth/register`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email, password: 'survives-restarts' }),
    });
    expect(registered.status).toBe(201);

    const stoppingSince = Date.now();
    first.kill('SIGTERM');
    expect(await exitOf(first)).toBe('SIGTERM');
    expect(Date.now() - stoppingSince).toBeLessThan(5_000);

    const second = startService(devEnv);
    try {
      await waitUntilHealthy(baseUrl, second);
      const login = await fetch(`${baseUrl}/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email, password: 'survives-restarts' }),
      });
      expect(login.status).toBe(200);
      expect(second.output()).not.toContain('Seeded demo accounts');
    } finally {
      second.kill('SIGTERM');
      await exitOf(second);
    }
  }, 90_000);
});
