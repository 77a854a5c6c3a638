import { Inject, Injectable, type LoggerService } from '@nestjs/common';
import type { Level, Logger } from 'pino';
import { ROOT_LOGGER } from './root-logger.js';

/** Nest's own start-up narration: one line per module and per route, useful only when debugging. */
const CHATTER_CONTEXTS = new Set(['InstanceLoader', 'RoutesResolver', 'RouterExplorer']);

/**
 * Nest's logger on the root pino logger: `new Logger('Context').log(...)` anywhere becomes a JSON
 * line with `context`. Nest's module and route listing is at debug, so the default console shows
 * what matters; `LOG_LEVEL=debug` brings it back.
 */
@Injectable()
export class NestLogger implements LoggerService {
  constructor(@Inject(ROOT_LOGGER) private readonly logger: Logger) {}

  log(message: unknown, ...params: unknown[]): void {
    // Nest passes the context as the last parameter.
    this.write(CHATTER_CONTEXTS.has(params.at(-1) as string) ? 'debug' : 'info', message, params);
  }

  error(message: unknown, ...params: unknown[]): void {
    this.write('error', message, params);
  }

  warn(message: unknown, ...params: unknown[]): void {
    this.write('warn', message, params);
  }

  debug(message: unknown, ...params: unknown[]): void {
    this.write('debug', message, params);
  }

  verbose(message: unknown, ...params: unknown[]): void {
    this.write('trace', message, params);
  }

  fatal(message: unknown, ...params: unknown[]): void {
    this.write('fatal', message, params);
  }

  private write(level: Level, message: unknown, params: unknown[]): void {
    if (!this.logger.isLevelEnabled(level)) return;
    const fields: Record<string, unknown> = {};
    if (params.length > 0) fields.context = params.at(-1);
    if (message instanceof Error) {
      this.logger[level]({ ...fields, err: message });
    } else if (typeof message === 'object' && message !== null) {
      this.logger[level]({ ...fields, ...message });
    } else if (level === 'error' && params.length === 2 && typeof params[0] === 'string') {
      // Nest's exception handlers call error(message, stack, context).
      const err = Object.assign(new Error(String(message)), { stack: params[0] });
      this.logger.error({ ...fields, err });
    } else {
      this.logger[level](fields, String(message));
    }
  }
}
