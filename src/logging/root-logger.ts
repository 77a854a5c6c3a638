import { pino, type Logger } from 'pino';
import type { Environment } from '../config/environment.js';
import { prettyPrinter, prettyStream } from './log-output.js';

/** The one pino logger of the process: Nest's messages, the request log and the audit trail. */
export const ROOT_LOGGER = Symbol('ROOT_LOGGER');

/** JSON lines on stdout, or pino-pretty's readable lines on a developer's terminal. */
export function createRootLogger(
  env: Pick<Environment, 'LOG_LEVEL' | 'NODE_ENV' | 'LOG_FORMAT'>,
): Logger {
  const printer = prettyPrinter(env);
  const options = { level: env.LOG_LEVEL };
  return printer === undefined ? pino(options) : pino(options, prettyStream(printer));
}
