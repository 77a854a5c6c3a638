// environment.ts uses class-transformer decorators; in the app @nestjs/core loads reflect-metadata first.
import 'reflect-metadata';
import { validateEnvironment } from './environment.js';

const PRODUCTION = {
  NODE_ENV: 'production',
  JWT_SECRET: 'x'.repeat(32),
  SMTP_URL: 'smtp://127.0.0.1:2525',
};

describe('DOCS_ENABLED', () => {
  it.each([
    [{}, true],
    [{ NODE_ENV: 'test' }, true],
    [PRODUCTION, false],
    [{ ...PRODUCTION, DOCS_ENABLED: 'true' }, true],
    [{ ...PRODUCTION, DOCS_ENABLED: '' }, false], // NAME= is unset: the production default
    [{ DOCS_ENABLED: 'no' }, false],
  ])('in %p is %p', (raw, expected) => {
    expect(validateEnvironment(raw).DOCS_ENABLED).toBe(expected);
  });

  it('refuses a value it cannot read, rather than guessing', () => {
    expect(() => validateEnvironment({ DOCS_ENABLED: 'ture' })).toThrow(/DOCS_ENABLED/);
  });
});
