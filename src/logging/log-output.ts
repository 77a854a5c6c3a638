import { createRequire } from 'node:module';
import { join } from 'node:path';
import type { TransportSingleOptions } from 'pino';
import type { Environment } from '../config/environment.js';
import { NodeEnv } from '../config/environment-values.js';

/** How the log reaches stdout: JSON lines, or pino-pretty's readable lines through a transport. */
export interface LogOutput {
  pretty: boolean;
  transport?: TransportSingleOptions;
}

type LogSettings = Pick<Environment, 'NODE_ENV' | 'LOG_FORMAT'>;

/**
 * Readable on a developer's terminal (in development), JSON lines everywhere else (files, pipes, log collectors,
 * production). pino-pretty is a devDependency: production never loads it, and when it is missing
 * the log stays JSON rather than failing the start.
 */
export function logOutput(
  env: LogSettings,
  isTerminal = Boolean(process.stdout.isTTY),
  resolvePretty = resolveFromProject,
): LogOutput {
  if (env.NODE_ENV === NodeEnv.Production) return { pretty: false };
  // Not `test`: the e2e suites build many apps in one process, each transport a worker thread.
  const automatic = isTerminal && env.NODE_ENV === NodeEnv.Development ? 'pretty' : 'json';
  if ((env.LOG_FORMAT ?? automatic) === 'json') return { pretty: false };
  const target = resolvePretty('pino-pretty');
  if (target === undefined) return { pretty: false };
  return {
    pretty: true,
    transport: {
      target,
      options: {
        colorize: isTerminal,
        translateTime: 'SYS:HH:MM:ss.l',
        ignore: 'pid,hostname,context,startup',
        messageFormat: '{if context}[{context}] {end}{msg}',
      },
    },
  };
}

/** The module's absolute path as the service (started from the project root) would load it. */
function resolveFromProject(name: string): string | undefined {
  try {
    return createRequire(join(process.cwd(), 'package.json')).resolve(name);
  } catch {
    return undefined;
  }
}
