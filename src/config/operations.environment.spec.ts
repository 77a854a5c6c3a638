// environment.ts uses class-transformer decorators; in the app @nestjs/core loads reflect-metadata first.
import 'reflect-metadata';
import { validateEnvironment } from './environment.js';

const PRODUCTION = {
  NODE_ENV: 'production',
  JWT_SECRET: 'x'.repeat(32),
  SMTP_URL: 'smtp://127.0.0.1:2525',
};
const METRICS_TOKEN = 'a-scraper-token-of-32-characters';

function messageOf(raw: Record<string, unknown>): string {
  try {
    validateEnvironment(raw);
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error('the environment was accepted');
}

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
    expect(messageOf({ DOCS_ENABLED: 'ture' })).toMatch(/DOCS_ENABLED/);
  });
});

describe('METRICS_ENABLED and its protection', () => {
  it('is off by default, with no token and no networks', () => {
    expect(validateEnvironment({})).toMatchObject({ METRICS_ENABLED: false });
    expect(validateEnvironment({}).METRICS_TOKEN).toBeUndefined();
    expect(validateEnvironment({}).METRICS_ALLOWED_NETWORKS).toBeUndefined();
  });

  it('may be open outside production', () => {
    expect(validateEnvironment({ METRICS_ENABLED: 'true' }).METRICS_ENABLED).toBe(true);
  });

  it.each([
    [{}],
    [{ METRICS_ALLOWED_NETWORKS: ' , ' }], // no network at all is not an allowlist
  ])('in production requires a token or an allowlist (%p)', (extra) => {
    expect(messageOf({ ...PRODUCTION, METRICS_ENABLED: 'true', ...extra })).toContain(
      'METRICS_ENABLED in production requires METRICS_TOKEN or METRICS_ALLOWED_NETWORKS',
    );
  });

  it.each([
    [{ METRICS_TOKEN }],
    [{ METRICS_ALLOWED_NETWORKS: '10.0.0.0/8' }],
    [{ METRICS_TOKEN, METRICS_ALLOWED_NETWORKS: '10.0.0.0/8, ::1' }],
  ])('in production accepts %p', (protection) => {
    const env = validateEnvironment({ ...PRODUCTION, METRICS_ENABLED: 'true', ...protection });
    expect(env.METRICS_ENABLED).toBe(true);
  });

  it('leaves production alone while metrics are off', () => {
    expect(validateEnvironment(PRODUCTION).METRICS_ENABLED).toBe(false);
  });

  it('refuses a token shorter than 32 characters, in any environment', () => {
    expect(messageOf({ METRICS_TOKEN: 'x'.repeat(31) })).toContain(
      'METRICS_TOKEN must be at least 32 characters long',
    );
  });

  it('refuses a token a Bearer header cannot carry', () => {
    expect(messageOf({ METRICS_TOKEN: `${'x'.repeat(32)} y` })).toContain(
      'METRICS_TOKEN may only hold',
    );
  });

  it('refuses a network it cannot read, naming the variable', () => {
    expect(messageOf({ METRICS_ALLOWED_NETWORKS: '10.0.0.0/33' })).toContain(
      'METRICS_ALLOWED_NETWORKS: "10.0.0.0/33" is not an IPv4 or IPv6 address or CIDR',
    );
  });
});
