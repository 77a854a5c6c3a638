import type { FastifyRequest } from 'fastify';
import { loggedRequest } from './request-log.js';

describe('loggedRequest', () => {
  it('keeps the id, method, address and a URL without credentials; nothing else', () => {
    const request = {
      id: 'a5d0c1c4-0f4e-4a57-9d38-0f8a4d8f7f11',
      method: 'GET',
      url: '/auth/me?access_token=eyJhbGciOiJIUzI1NiJ9.e30.sig&limit=5',
      socket: { remoteAddress: '192.0.2.1' },
      headers: { authorization: 'Bearer secret', cookie: 'session=secret' },
    } as unknown as FastifyRequest;
    expect(loggedRequest(request)).toEqual({
      id: request.id,
      method: 'GET',
      url: '/auth/me?access_token=[REDACTED]&limit=5',
      remoteAddress: '192.0.2.1',
    });
  });
});
