import type { ExecutionContext } from '@nestjs/common';
import type { ConfigService } from '@nestjs/config';
import type { Environment } from '../config/environment.js';
import { MetricsAccessGuard } from './metrics-access.guard.js';
import { MetricsNetworkDeniedException } from './metrics-network-denied.exception.js';
import { MetricsTokenMissingException } from './metrics-token-missing.exception.js';
import { MetricsTokenRefusedException } from './metrics-token-refused.exception.js';

const TOKEN = 'a-scraper-token-of-32-characters';

function guard(settings: Partial<Environment>): MetricsAccessGuard {
  const config = { get: (name: keyof Environment) => settings[name] };
  return new MetricsAccessGuard(config as unknown as ConfigService<Environment, true>);
}

function call(ip: string, authorization?: string): ExecutionContext {
  const request = { ip, headers: authorization === undefined ? {} : { authorization } };
  return { switchToHttp: () => ({ getRequest: () => request }) } as unknown as ExecutionContext;
}

describe('MetricsAccessGuard', () => {
  it('lets anyone in when neither a token nor networks are set (outside production only)', () => {
    expect(guard({}).canActivate(call('192.0.2.1'))).toBe(true);
  });

  describe('with METRICS_TOKEN', () => {
    const withToken = guard({ METRICS_TOKEN: TOKEN });

    it('lets the token in, the scheme in any case', () => {
      expect(withToken.canActivate(call('192.0.2.1', `Bearer ${TOKEN}`))).toBe(true);
      expect(withToken.canActivate(call('192.0.2.1', `bearer  ${TOKEN}`))).toBe(true);
    });

    it('refuses no Authorization as missing, anything else as a refused token', () => {
      expect(() => withToken.canActivate(call('192.0.2.1'))).toThrow(MetricsTokenMissingException);
      for (const header of [`Bearer ${TOKEN}x`, `Bearer ${TOKEN.slice(1)}`, 'Bearer', TOKEN]) {
        expect(() => withToken.canActivate(call('192.0.2.1', header))).toThrow(
          MetricsTokenRefusedException,
        );
      }
    });
  });

  it('with networks, refuses other addresses with 403; with both, the token is checked first', () => {
    const both = guard({ METRICS_TOKEN: TOKEN, METRICS_ALLOWED_NETWORKS: '10.0.0.0/8' });
    expect(both.canActivate(call('10.1.2.3', `Bearer ${TOKEN}`))).toBe(true);
    expect(() => both.canActivate(call('192.0.2.1', `Bearer ${TOKEN}`))).toThrow(
      MetricsNetworkDeniedException,
    );
    expect(() => both.canActivate(call('192.0.2.1'))).toThrow(MetricsTokenMissingException);
  });
});
