import { QuietStartupLogger } from './quiet-startup.logger.js';

describe('QuietStartupLogger', () => {
  const inner = {
    log: jest.fn(),
    error: jest.fn(),
    warn: jest.fn(),
    debug: jest.fn(),
    verbose: jest.fn(),
    fatal: jest.fn(),
  };
  const logger = new QuietStartupLogger(inner);

  beforeEach(() => jest.clearAllMocks());

  it.each([
    ['InstanceLoader', 'UsersModule dependencies initialized'],
    ['RoutesResolver', 'AuthController {/auth}:'],
    ['RouterExplorer', 'Mapped {/auth/login, POST} route'],
  ])('writes what %s says at debug', (context, message) => {
    logger.log(message, context);
    expect(inner.debug).toHaveBeenCalledWith(message, context);
    expect(inner.log).not.toHaveBeenCalled();
  });

  it('writes every other context at info, unchanged', () => {
    logger.log('Nest application successfully started', 'NestApplication');
    logger.log({ startup: { url: 'http://localhost:3000' } }, 'Startup');
    logger.log('no context');
    expect(inner.log.mock.calls).toEqual([
      ['Nest application successfully started', 'NestApplication'],
      [{ startup: { url: 'http://localhost:3000' } }, 'Startup'],
      ['no context'],
    ]);
    expect(inner.debug).not.toHaveBeenCalled();
  });

  it('passes the other levels through, whatever the context', () => {
    logger.warn('careful', 'InstanceLoader');
    logger.error('failed', 'trace', 'RoutesResolver');
    logger.debug('detail', 'A');
    logger.verbose('more', 'B');
    logger.fatal('gone', 'C');
    expect(inner.warn).toHaveBeenCalledWith('careful', 'InstanceLoader');
    expect(inner.error).toHaveBeenCalledWith('failed', 'trace', 'RoutesResolver');
    expect(inner.debug).toHaveBeenCalledWith('detail', 'A');
    expect(inner.verbose).toHaveBeenCalledWith('more', 'B');
    expect(inner.fatal).toHaveBeenCalledWith('gone', 'C');
  });
});
