import type { PinoLogger } from 'nestjs-pino';
import { AuditLog, type AccessDeniedEvent } from './audit-log.js';

describe('AuditLog', () => {
  it('writes one warn line with the event under the "audit" key', () => {
    const lines: unknown[][] = [];
    const setContext = jest.fn();
    const logger = {
      setContext,
      warn: (...args: unknown[]) => lines.push(args),
    } as unknown as PinoLogger;
    const event: AccessDeniedEvent = {
      reason: 'insufficient_role',
      status: 403,
      userId: 'u-1',
      method: 'GET',
      route: '/admin/users',
      clientAddress: '203.0.113.9',
      requestId: 'r-1',
    };

    new AuditLog(logger).accessDenied(event);

    expect(setContext).toHaveBeenCalledWith('Audit');
    expect(lines).toEqual([
      [{ audit: { event: 'access_denied', ...event } }, 'access denied: insufficient_role'],
    ]);
  });

  it('counts the refusal by status and reason when metrics give it a counter', () => {
    const logger = { setContext: jest.fn(), warn: jest.fn() } as unknown as PinoLogger;
    const count = jest.fn();
    new AuditLog(logger, { count }).accessDenied({
      reason: 'throttled',
      status: 429,
      userId: null,
      method: 'POST',
      route: '/auth/login',
      clientAddress: '203.0.113.9',
      requestId: 'r-2',
    });
    expect(count).toHaveBeenCalledWith(429, 'throttled');
  });
});
