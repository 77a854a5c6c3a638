import type { LoggerService } from '@nestjs/common';

/** Nest's own start-up narration: one line per module and per route, useful only when debugging. */
const CHATTER_CONTEXTS = new Set(['InstanceLoader', 'RoutesResolver', 'RouterExplorer']);

type LevelLogger = Required<Omit<LoggerService, 'setLogLevels'>>;

/**
 * The application logger (nestjs-pino's), with Nest's module and route listing demoted from info
 * to debug, so the default console shows what matters; `LOG_LEVEL=debug` brings it back.
 */
export class QuietStartupLogger implements LoggerService {
  constructor(private readonly logger: LevelLogger) {}

  log(message: unknown, ...params: unknown[]): void {
    // Nest passes the context as the last parameter.
    if (CHATTER_CONTEXTS.has(params.at(-1) as string)) this.logger.debug(message, ...params);
    else this.logger.log(message, ...params);
  }

  error(message: unknown, ...params: unknown[]): void {
    this.logger.error(message, ...params);
  }

  warn(message: unknown, ...params: unknown[]): void {
    this.logger.warn(message, ...params);
  }

  debug(message: unknown, ...params: unknown[]): void {
    this.logger.debug(message, ...params);
  }

  verbose(message: unknown, ...params: unknown[]): void {
    this.logger.verbose(message, ...params);
  }

  fatal(message: unknown, ...params: unknown[]): void {
    this.logger.fatal(message, ...params);
  }
}
