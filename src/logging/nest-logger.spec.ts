import type { Logger } from 'pino';
import { NestLogger } from './nest-logger.js';

/** A pino stand-in at debug level that records each call as [level, ...arguments]. */
function recording() {
  const calls: unknown[][] = [];
  const levels = ['trace', 'debug', 'info', 'warn', 'error', 'fatal'];
  const logger: Record<string, unknown> = Object.fromEntries(
    levels.map((level) => [level, (...args: unknown[]) => calls.push([level, ...args])]),
  );
  logger.isLevelEnabled = (level: string) => level !== 'trace';
  return { logger: new NestLogger(logger as unknown as Logger), calls };
}

describe('NestLogger', () => {
  it.each([
    ['InstanceLoader', 'UsersModule dependencies initialized'],
    ['RoutesResolver', 'AuthController {/auth}:'],
    ['RouterExplorer', 'Mapped {/auth/login, POST} route'],
  ])('writes what %s says at debug', (context, message) => {
    const { logger, calls } = recording();
    logger.log(message, context);
    expect(calls).toEqual([['debug', { context }, message]]);
  });

  it('writes every other message at its level, with its context', () => {
    const { logger, calls } = recording();
    logger.log('Nest application successfully started', 'NestApplication');
    logger.warn('JWT_SECRET is not set', 'AccessTokenService');
    logger.debug('no context');
    expect(calls).toEqual([
      ['info', { context: 'NestApplication' }, 'Nest application successfully started'],
      ['warn', { context: 'AccessTokenService' }, 'JWT_SECRET is not set'],
      ['debug', {}, 'no context'],
    ]);
  });

  it('merges an object message into the line, and keeps an error whole', () => {
    const { logger, calls } = recording();
    const error = new Error('boom');
    logger.log({ startup: { url: 'http://localhost:3000' }, msg: 'Ready' }, 'Startup');
    logger.error(error, 'ProblemDetailsFilter');
    expect(calls).toEqual([
      ['info', { context: 'Startup', startup: { url: 'http://localhost:3000' }, msg: 'Ready' }],
      ['error', { context: 'ProblemDetailsFilter', err: error }],
    ]);
  });

  it("turns Nest's error(message, stack, context) into one error with that stack", () => {
    const { logger, calls } = recording();
    logger.error('Unhandled', 'Error: Unhandled\n    at somewhere', 'ExceptionsHandler');
    const [[level, fields]] = calls as [[string, { context: string; err: Error }]];
    expect(level).toBe('error');
    expect(fields.context).toBe('ExceptionsHandler');
    expect(fields.err.message).toBe('Unhandled');
    expect(fields.err.stack).toBe('Error: Unhandled\n    at somewhere');
  });

  it('builds nothing for a level that is off', () => {
    const { logger, calls } = recording();
    logger.verbose({ big: 'object' }, 'Somewhere');
    expect(calls).toEqual([]);
  });
});
