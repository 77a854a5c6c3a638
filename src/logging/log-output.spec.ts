import { createRequire } from 'node:module';
import { join } from 'node:path';
import { NodeEnv } from '../config/environment-values.js';
import { prettyPrinter, prettyStream } from './log-output.js';

const path = '/project/node_modules/pino-pretty/index.js';
const found = () => path;
const missing = () => undefined;

describe('prettyPrinter', () => {
  it('is pino-pretty, resolved from the project, on a terminal in development', () => {
    expect(prettyPrinter({ NODE_ENV: NodeEnv.Development }, true, found)).toBe(path);
  });

  it('is pino-pretty when LOG_FORMAT=pretty asks, off a terminal too', () => {
    expect(prettyPrinter({ NODE_ENV: NodeEnv.Test, LOG_FORMAT: 'pretty' }, false, found)).toBe(
      path,
    );
  });

  it.each([
    ['off a terminal', { NODE_ENV: NodeEnv.Development }, false],
    ['under test', { NODE_ENV: NodeEnv.Test }, true],
    ['when LOG_FORMAT=json', { NODE_ENV: NodeEnv.Development, LOG_FORMAT: 'json' as const }, true],
    [
      'in production, even asked',
      { NODE_ENV: NodeEnv.Production, LOG_FORMAT: 'pretty' as const },
      true,
    ],
  ])('is none (JSON lines) %s', (_case, env, isTerminal) => {
    expect(prettyPrinter(env, isTerminal, found)).toBeUndefined();
  });

  it('is none when pino-pretty is not installed, and never looked for in production', () => {
    expect(prettyPrinter({ NODE_ENV: NodeEnv.Development }, true, missing)).toBeUndefined();
    const resolve = jest.fn(found);
    prettyPrinter({ NODE_ENV: NodeEnv.Production }, true, resolve);
    expect(resolve).not.toHaveBeenCalled();
  });
});

describe('prettyStream', () => {
  it('loads pino-pretty from its path and builds a writable stream', () => {
    const installed = createRequire(join(process.cwd(), 'package.json')).resolve('pino-pretty');
    expect(prettyStream(installed, false)).toEqual(
      expect.objectContaining({ write: expect.any(Function) }),
    );
  });
});
