import { setTimeout as sleep } from 'node:timers/promises';
import { createApiClient } from '../client/src/api-client.js';
import { freePort, ServiceBuild, type ServiceProcess } from './support/service-process.js';
import { decode, HS256_HEADER, signJws, TEST_SECRET } from './support/tokens.js';
import { PASSWORD, uniqueEmail } from './support/users.js';

const BARE_CHALLENGE = 'Bearer realm="nest-auth-starter"';

/**
 * A fetch that records every call the client makes, retries and refreshes included. A refresh is
 * held back a moment, so that every concurrent call has its 401 before the new tokens arrive.
 */
function countingFetch() {
  const calls: string[] = [];
  const counted = async (request: Request) => {
    const call = `${request.method} ${new URL(request.url).pathname}`;
    calls.push(call);
    if (call === 'POST /auth/refresh') await sleep(300);
    return fetch(request);
  };
  const refreshes = () => calls.filter((call) => call === 'POST /auth/refresh').length;
  return { calls, fetch: counted, refreshes };
}

/** The same token signed as expired a minute ago, with the service's own key. */
function expired(accessToken: string): string {
  const now = Math.floor(Date.now() / 1000);
  const claims = { ...decode(accessToken), iat: now - 120, exp: now - 60 };
  return signJws(HS256_HEADER, JSON.stringify(claims));
}

/** Drives the client in client/ against the built service, run as a separate process. */
describe('The typed client against the running service', () => {
  const build = new ServiceBuild();
  let service: ServiceProcess;
  let baseUrl: string;

  beforeAll(async () => {
    build.compile();
    const port = await freePort();
    baseUrl = `http://127.0.0.1:${port}`;
    service = build.start({
      NODE_ENV: 'test',
      HOST: '127.0.0.1',
      PORT: String(port),
      LOG_LEVEL: 'warn',
      PGLITE_DATA_DIR: 'memory://',
      SEED_DEMO_DATA: 'false',
      JWT_SECRET: TEST_SECRET, // so that this test can sign an expired token the service accepts as its own
    });
    await service.waitUntilHealthy(baseUrl);
  }, 120_000);

  afterAll(async () => {
    await service?.stop();
    build.remove();
  });

  /** A new user signed in through the client, with the call counter reset. */
  async function signedInClient() {
    const counter = countingFetch();
    const onSignedOut = jest.fn();
    const client = createApiClient({ baseUrl, fetch: counter.fetch, onSignedOut });
    const email = uniqueEmail('client');
    const registered = await client.api.POST('/auth/register', {
      body: { email, password: PASSWORD },
    });
    expect(registered.response.status).toBe(201);
    const login = await client.signIn(email, PASSWORD);
    if (!login.data) throw new Error(`login answered ${login.response.status}`);
    counter.calls.length = 0;
    return { ...client, ...counter, onSignedOut, email, tokens: login.data };
  }

  it('refreshes once for concurrent calls with an expired token, and retries each, body included', async () => {
    const { api, storage, calls, refreshes, onSignedOut, email, tokens } = await signedInClient();
    await storage.set({ ...tokens, accessToken: expired(tokens.accessToken) });
    const newPassword = 'a-new-long-enough-password';

    const [me, sessions, changed, firstSession] = await Promise.all([
      api.GET('/auth/me'),
      api.GET('/auth/sessions'),
      api.POST('/auth/password', { body: { currentPassword: PASSWORD, newPassword } }),
      api.GET('/auth/sessions', { params: { query: { limit: 1 } } }),
    ]);

    expect(me.data).toMatchObject({ email, roles: ['user'] });
    expect(sessions.data?.items).toEqual([expect.objectContaining({ current: true })]);
    expect(changed.response.status).toBe(204);
    expect(firstSession.data?.items).toHaveLength(1);
    expect(refreshes()).toBe(1);
    expect(calls).toHaveLength(4 + 1 + 4); // each call, one refresh, each call again
    const stored = await storage.get();
    expect(stored?.refreshToken).not.toBe(tokens.refreshToken);
    expect(decode(stored?.accessToken ?? '').exp).toBeGreaterThan(Date.now() / 1000);
    expect(onSignedOut).not.toHaveBeenCalled();

    // The retried body reached the service whole: the new password signs in.
    const again = await createApiClient({ baseUrl }).signIn(email, newPassword);
    expect(again.response.status).toBe(200);
  });

  it('returns a 403 as it is, without a refresh', async () => {
    const { api, calls, onSignedOut } = await signedInClient();

    const users = await api.GET('/admin/users');

    expect(users.response.status).toBe(403);
    expect(users.error).toMatchObject({
      status: 403,
      detail: 'This action requires one of the roles: admin.',
    });
    expect(calls).toEqual(['GET /admin/users']);
    expect(onSignedOut).not.toHaveBeenCalled();
  });

  it('signs out once when the session was revoked elsewhere: the refresh fails, no loop', async () => {
    const { api, storage, calls, refreshes, onSignedOut, email, tokens } = await signedInClient();
    const elsewhere = createApiClient({ baseUrl });
    expect((await elsewhere.signIn(email, PASSWORD)).response.status).toBe(200);
    const ended = await elsewhere.api.DELETE('/auth/sessions/{id}', {
      params: { path: { id: decode(tokens.accessToken).sid as string } },
    });
    expect(ended.response.status).toBe(204);

    const answers = await Promise.all([
      api.GET('/auth/me'),
      api.GET('/auth/sessions'),
      api.POST('/auth/email/verify/resend'),
    ]);

    for (const { response, error } of answers) {
      expect(response.status).toBe(401);
      expect(response.headers.get('www-authenticate')).toContain('error="invalid_token"');
      expect(error).toMatchObject({ detail: 'The access token has been revoked.' });
    }
    expect(refreshes()).toBe(1);
    expect(calls).toHaveLength(3 + 1); // each call, one refused refresh, no retry
    expect(onSignedOut).toHaveBeenCalledTimes(1);
    expect(await storage.get()).toBeUndefined();

    // Signed out: the next call goes without a token and its bare 401 refreshes nothing.
    const after = await api.GET('/auth/me');
    expect(after.response.status).toBe(401);
    expect(after.response.headers.get('www-authenticate')).toBe(BARE_CHALLENGE);
    expect(calls).toHaveLength(3 + 1 + 1);
    expect(onSignedOut).toHaveBeenCalledTimes(1);
  });

  it('returns a bare-challenge 401 (no token) as it is, without a refresh', async () => {
    const { fetch: counted, calls } = countingFetch();
    const onSignedOut = jest.fn();
    const { api } = createApiClient({ baseUrl, fetch: counted, onSignedOut });

    const me = await api.GET('/auth/me');

    expect(me.response.status).toBe(401);
    expect(me.response.headers.get('www-authenticate')).toBe(BARE_CHALLENGE);
    expect(me.error).toMatchObject({ status: 401 });
    expect(calls).toEqual(['GET /auth/me']);
    expect(onSignedOut).not.toHaveBeenCalled();
  });

  it('does not refresh on a refused login', async () => {
    const { signIn, calls, onSignedOut, email } = await signedInClient();

    const login = await signIn(email, 'not-the-password');

    expect(login.response.status).toBe(401);
    expect(calls).toEqual(['POST /auth/login']);
    expect(onSignedOut).not.toHaveBeenCalled();
  });
});
