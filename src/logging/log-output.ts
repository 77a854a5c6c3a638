import { createRequire } from 'node:module';
import { join } from 'node:path';
import type { DestinationStream } from 'pino';
import type { Environment } from '../config/environment.js';
import { NodeEnv } from '../config/environment-values.js';

type LogSettings = Pick<Environment, 'NODE_ENV' | 'LOG_FORMAT'>;
type PrettyFactory = (options: object) => DestinationStream;

/**
 * pino-pretty's path when the log should be readable: on a developer's terminal in development,
 * or when LOG_FORMAT=pretty asks for it. Undefined means JSON lines: files, pipes, log collectors,
 * tests, production. pino-pretty is a devDependency: production never looks for it, and when it
 * is missing the log stays JSON rather than failing the start.
 */
export function prettyPrinter(
  env: LogSettings,
  isTerminal = Boolean(process.stdout.isTTY),
  resolve = resolveFromProject,
): string | undefined {
  if (env.NODE_ENV === NodeEnv.Production) return undefined;
  // Not `test`: the e2e suites build many apps in one process.
  const automatic = isTerminal && env.NODE_ENV === NodeEnv.Development ? 'pretty' : 'json';
  return (env.LOG_FORMAT ?? automatic) === 'pretty' ? resolve('pino-pretty') : undefined;
}

/**
 * A stream in this thread, written synchronously, rather than pino's transport (a worker thread):
 * the last lines before a signal ends the process (the shutdown) would otherwise be lost.
 */
export function prettyStream(path: string, colorize = Boolean(process.stdout.isTTY)) {
  const build = createRequire(path)(path) as PrettyFactory;
  return build({
    colorize,
    sync: true,
    singleLine: true,
    translateTime: 'SYS:HH:MM:ss.l',
    // The request line on one line; the banner's `startup` fields are already in its message.
    ignore: 'pid,hostname,context,startup,req,res,responseTime',
    messageFormat:
      '{if context}[{context}] {end}{msg}' +
      '{if res.statusCode}: {req.method} {req.url} {res.statusCode} in {responseTime} ms{end}',
  });
}

/** The module's absolute path as the service (started from the project root) would load it. */
function resolveFromProject(name: string): string | undefined {
  try {
    return createRequire(join(process.cwd(), 'package.json')).resolve(name);
  } catch {
    return undefined;
  }
}
