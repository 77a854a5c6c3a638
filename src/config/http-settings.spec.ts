import { corsOrigins, trustProxySetting } from './http-settings.js';

describe('trustProxySetting', () => {
  it('trusts no proxy unless told', () => {
    expect(trustProxySetting(undefined)).toBe(false);
    expect(trustProxySetting('false')).toBe(false);
    expect(trustProxySetting('true')).toBe(true);
  });

  it('reads a list of proxy addresses and CIDRs', () => {
    expect(trustProxySetting('10.0.0.0/8, 127.0.0.1,::1')).toEqual([
      '10.0.0.0/8',
      '127.0.0.1',
      '::1',
    ]);
  });

  it('reads a hop count as "the n nearest proxies"', () => {
    const trust = trustProxySetting('2') as (address: string, hop: number) => boolean;
    expect([0, 1, 2].map((hop) => trust('10.0.0.1', hop))).toEqual([true, true, false]);
  });
});

describe('corsOrigins', () => {
  it('splits and trims the allowlist; unset is empty', () => {
    expect(corsOrigins(' https://a.example , https://b.example,')).toEqual([
      'https://a.example',
      'https://b.example',
    ]);
    expect(corsOrigins(undefined)).toEqual([]);
  });
});
