import { ChildProcess, execFileSync, spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { join } from 'node:path';

/**
 * The service as real, separate processes (as `npm start` runs it), for what one process cannot
 * show: start-up and shutdown, and several instances (passport's strategy registry is per process,
 * so two Nest apps in one process would share their guard's state).
 */
export class ServiceBuild {
  // Inside the project, so node_modules and "type": "module" apply; the developer's dist/ is left alone.
  readonly dir = join('.data', `test-build-${process.pid}-${Date.now()}`);

  /** As `npm run build` does (the Nest CLI's SWC builder), into this build's own dist/. */
  compile(): void {
    mkdirSync(this.dir, { recursive: true });
    const tsconfig = join(this.dir, 'tsconfig.json');
    writeFileSync(
      tsconfig,
      JSON.stringify({ extends: '../../tsconfig.build.json', compilerOptions: { outDir: 'dist' } }),
    );
    const nest = 'node_modules/@nestjs/cli/bin/nest.js';
    execFileSync(process.execPath, [nest, 'build', '--path', tsconfig], { stdio: 'ignore' });
  }

  remove(): void {
    rmSync(this.dir, { recursive: true, force: true });
  }

  start(env: Record<string, string>): ServiceProcess {
    return new ServiceProcess(join(this.dir, 'dist', 'main.js'), env);
  }
}

/** What the tests read from one line of the service's JSON log. */
export interface LogLine {
  level: number;
  msg: string;
  context?: string;
  [field: string]: unknown;
}

export class ServiceProcess {
  readonly child: ChildProcess;
  private log = '';

  constructor(main: string, env: Record<string, string>) {
    this.child = spawn(process.execPath, [main], {
      env: { PATH: process.env.PATH ?? '', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.child.stdout?.on('data', (chunk: Buffer) => (this.log += chunk.toString()));
    this.child.stderr?.on('data', (chunk: Buffer) => (this.log += chunk.toString()));
  }

  output(): string {
    return this.log;
  }

  /** The log as JSON lines (its format off a terminal): throws on a line that is not one. */
  jsonLines(): LogLine[] {
    return this.log
      .split('\n')
      .filter((line) => line !== '')
      .map((line) => JSON.parse(line) as LogLine);
  }

  async waitUntilHealthy(baseUrl: string): Promise<void> {
    for (let attempt = 0; attempt < 300; attempt++) {
      if (this.child.exitCode !== null) {
        throw new Error(`the service exited with ${this.child.exitCode}:\n${this.log}`);
      }
      const healthy = await fetch(`${baseUrl}/health`).then(
        (response) => response.ok,
        () => false,
      );
      if (healthy) return;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    throw new Error(`the service did not become healthy in 30 s:\n${this.log}`);
  }

  /** The exit code, or the signal that ended the process (Nest re-raises SIGTERM once shut down). */
  async exit(): Promise<number | string | null> {
    const { exitCode, signalCode } = this.child;
    if (exitCode !== null || signalCode !== null) return exitCode ?? signalCode;
    const [code, signal] = (await once(this.child, 'exit')) as [number | null, string | null];
    return code ?? signal;
  }

  async stop(): Promise<void> {
    this.child.kill('SIGTERM');
    await this.exit();
  }
}

export async function freePort(): Promise<number> {
  const server = createServer().listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  server.close();
  await once(server, 'close');
  return port;
}
