import type { Logger } from 'pino';
import { AuditLog, type AccessDeniedEvent } from './audit-log.js';

/** A root logger whose `Audit` child records what it writes. */
function recordingLogger() {
  const lines: unknown[][] = [];
  const child = jest.fn(() => ({ warn: (...args: unknown[]) => lines.push(args) }));
  return { root: { child } as unknown as Logger, child, lines };
}

describe('AuditLog', () => {
  it('writes one warn line with the event under the "audit" key and the request beside it', () => {
    const { root, child, lines } = recordingLogger();
    const event: AccessDeniedEvent = {
      reason: 'insufficient_role',
      status: 403,
      userId: 'u-1',
      method: 'GET',
      route: '/admin/users',
      clientAddress: '203.0.113.9',
      requestId: 'r-1',
    };
    const req = { id: 'r-1', method: 'GET', url: '/admin/users', remoteAddress: '203.0.113.9' };

    new AuditLog(root).accessDenied(event, req);

    expect(child).toHaveBeenCalledWith({ context: 'Audit' });
    expect(lines).toEqual([
      [{ req, audit: { event: 'access_denied', ...event } }, 'access denied: insufficient_role'],
    ]);
  });

  it('counts the refusal by status and reason when metrics give it a counter', () => {
    const count = jest.fn();
    const req = { id: 'r-2', method: 'POST', url: '/auth/login', remoteAddress: '203.0.113.9' };
    new AuditLog(recordingLogger().root, { count }).accessDenied(
      {
        reason: 'throttled',
        status: 429,
        userId: null,
        method: 'POST',
        route: '/auth/login',
        clientAddress: '203.0.113.9',
        requestId: 'r-2',
      },
      req,
    );
    expect(count).toHaveBeenCalledWith(429, 'throttled');
  });
});
