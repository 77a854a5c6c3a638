import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { connect } from 'node:net';
import { Role } from '../src/auth/role.enum.js';
import { UUID } from './support/matchers.js';
import { createTestApp } from './support/test-app.js';
import { bearer, PASSWORD, signIn, uniqueEmail } from './support/users.js';

interface RawResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/** The headers the docs promise on every response, of every status. */
function expectPromisedHeaders({ status, headers, body }: RawResponse) {
  expect(headers['x-request-id']).toEqual(UUID);
  expect(headers['cache-control']).toBe('no-store');
  expect(headers['x-content-type-options']).toBe('nosniff');
  if (status >= 400) {
    expect(headers['content-type']).toMatch(/^application\/problem\+json/);
    const problem = JSON.parse(body) as { status: number; requestId: string };
    expect(problem.status).toBe(status);
    expect(problem.requestId).toBe(headers['x-request-id']);
  }
}

/** A request over a real socket, so that Node's own HTTP parser and limits are in play. */
function raw(port: number, text: string): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1', () => socket.end(text));
    let data = '';
    socket.setEncoding('utf8').on('data', (chunk: string) => (data += chunk));
    socket.on('error', reject).on('close', () => {
      const [head, body = ''] = data.split('\r\n\r\n');
      const [statusLine, ...lines] = head.split('\r\n');
      const headers = Object.fromEntries(
        lines.map((line) => {
          const colon = line.indexOf(':');
          return [line.slice(0, colon).toLowerCase(), line.slice(colon + 1).trim()];
        }),
      );
      resolve({ status: Number(statusLine.split(' ')[1]), headers, body });
    });
  });
}

describe('Headers and problem bodies on every response (e2e, real socket)', () => {
  let app: NestFastifyApplication;
  let base: string;
  let port: number;

  beforeAll(async () => {
    app = await createTestApp({ env: { AUTH_RATE_LIMIT: '20' } });
    await app.listen(0, '127.0.0.1');
    port = (app.getHttpServer().address() as { port: number }).port;
    base = `http://127.0.0.1:${port}`;
  });

  afterAll(async () => {
    await app.close();
  });

  const send = async (path: string, init: RequestInit = {}): Promise<RawResponse> => {
    const response = await fetch(`${base}${path}`, init);
    return {
      status: response.status,
      headers: Object.fromEntries(response.headers),
      body: await response.text(),
    };
  };
  const json = (method: string, body: unknown, headers: Record<string, string> = {}) => ({
    method,
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });

  it('sends them on 2xx answers, and Pragma: no-cache with every token pair', async () => {
    const email = uniqueEmail('headers');
    const created = await send('/auth/register', json('POST', { email, password: PASSWORD }));
    const login = await send('/auth/login', json('POST', { email, password: PASSWORD }));
    const { accessToken, refreshToken } = JSON.parse(login.body) as Record<string, string>;
    const refreshed = await send('/auth/refresh', json('POST', { refreshToken }));
    const me = await send('/auth/me', { headers: bearer(accessToken) });
    const live = await send('/health/live');
    const { accessToken: current } = JSON.parse(refreshed.body) as Record<string, string>;
    const logout = await send('/auth/logout', { method: 'POST', headers: bearer(current) });

    expect([created, login, refreshed, me, live, logout].map((r) => r.status)).toEqual([
      201, 200, 200, 200, 200, 204,
    ]);
    [created, login, refreshed, me, live, logout].forEach(expectPromisedHeaders);
    expect([login.headers.pragma, refreshed.headers.pragma]).toEqual(['no-cache', 'no-cache']);
  });

  it('sends them on the 4xx answers of the application and of Fastify', async () => {
    const shopper = await signIn(app, [Role.User]);
    const email = uniqueEmail('taken');
    await send('/auth/register', json('POST', { email, password: PASSWORD }));
    const responses = [
      await send('/auth/login', json('POST', { email: 1 })),
      await send('/auth/me'),
      await send('/admin/users', { headers: bearer(shopper.accessToken) }),
      await send('/no/such/route'),
      await send('/products/%E0%A4%A'),
      await send('/auth/register', json('POST', { email, password: PASSWORD })),
      await send('/auth/login', json('POST', { email: 'x'.repeat(2 * 1024 * 1024) })),
      await send('/auth/login', { method: 'POST', body: new URLSearchParams({ email }) }),
    ];
    expect(responses.map((r) => r.status)).toEqual([400, 401, 403, 404, 400, 409, 413, 415]);
    responses.forEach(expectPromisedHeaders);
  });

  it('sends them on 429, with Retry-After', async () => {
    const register = () =>
      send('/auth/register', json('POST', { email: uniqueEmail('many'), password: PASSWORD }));
    let response = await register();
    while (response.status === 201) response = await register();
    expect(response.status).toBe(429);
    expect(response.headers['retry-after']).toMatch(/^\d+$/);
    expectPromisedHeaders(response);
  });

  it("answers Node's own refusals (431, malformed HTTP) with a problem too", async () => {
    const tooLarge = await raw(
      port,
      `GET /health/live HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(20_000)}\r\n\r\n`,
    );
    const malformed = await raw(port, 'GET /health/live HTTP/1.1\r\nHost x\r\n\r\n');

    expect([tooLarge.status, malformed.status]).toEqual([431, 400]);
    for (const response of [tooLarge, malformed]) {
      expectPromisedHeaders(response);
      expect(JSON.parse(response.body)).toEqual({
        type:
          response.status === 431 ? '/problems/headers-too-large' : '/problems/malformed-request',
        title: response.status === 431 ? 'Request Header Fields Too Large' : 'Bad Request',
        status: response.status,
        detail: expect.any(String),
        instance: `urn:uuid:${response.headers['x-request-id'] as string}`,
        requestId: response.headers['x-request-id'],
      });
    }
  });
});
