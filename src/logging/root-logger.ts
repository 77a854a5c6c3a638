import { pino, type Logger } from 'pino';
import type { Environment } from '../config/environment.js';
import { prettyPrinter, prettyStream } from './log-output.js';

/** The one pino logger of the process: Nest's messages, the request log and the audit trail. */
export const ROOT_LOGGER = Symbol('ROOT_LOGGER');

/**
 * JSON lines on stdout, or pino-pretty's readable lines on a developer's terminal. Each line is
 * written at once, on this thread, as Node writes to a pipe or file on Linux. pino's default
 * destination queues lines for libuv's thread pool, and what is still queued is lost when Nest
 * re-raises a termination signal after the shutdown hooks: the last lines are the ones that matter.
 */
export function createRootLogger(
  env: Pick<Environment, 'LOG_LEVEL' | 'NODE_ENV' | 'LOG_FORMAT'>,
): Logger {
  const printer = prettyPrinter(env);
  const options = { level: env.LOG_LEVEL };
  const destination =
    printer === undefined ? pino.destination({ sync: true }) : prettyStream(printer);
  return pino(options, destination);
}
