import { NodeEnv } from '../config/environment-values.js';
import { logOutput } from './log-output.js';

const found = () => '/project/node_modules/pino-pretty/index.js';
const missing = () => undefined;

describe('logOutput', () => {
  it('is pretty on a terminal in development, through pino-pretty resolved from the project', () => {
    const output = logOutput({ NODE_ENV: NodeEnv.Development }, true, found);
    expect(output).toEqual({
      pretty: true,
      transport: expect.objectContaining({
        target: '/project/node_modules/pino-pretty/index.js',
        options: expect.objectContaining({ colorize: true }),
      }),
    });
  });

  it.each([
    ['not on a terminal', { NODE_ENV: NodeEnv.Development }, false],
    ['under test', { NODE_ENV: NodeEnv.Test }, true],
    ['asked for JSON', { NODE_ENV: NodeEnv.Development, LOG_FORMAT: 'json' as const }, true],
    [
      'in production, even asked',
      { NODE_ENV: NodeEnv.Production, LOG_FORMAT: 'pretty' as const },
      true,
    ],
  ])('is JSON lines %s', (_case, env, isTerminal) => {
    expect(logOutput(env, isTerminal, found)).toEqual({ pretty: false });
  });

  it('is pretty when asked, off a terminal too, without colours', () => {
    const output = logOutput({ NODE_ENV: NodeEnv.Test, LOG_FORMAT: 'pretty' }, false, found);
    expect(output.pretty).toBe(true);
    expect(output.transport?.options).toEqual(expect.objectContaining({ colorize: false }));
  });

  it('stays JSON when pino-pretty is not installed, and never looks for it in production', () => {
    expect(logOutput({ NODE_ENV: NodeEnv.Development }, true, missing)).toEqual({ pretty: false });
    const resolve = jest.fn(found);
    logOutput({ NODE_ENV: NodeEnv.Production }, true, resolve);
    expect(resolve).not.toHaveBeenCalled();
  });
});
