import createClient from 'openapi-fetch';
import { createAuthMiddleware, type RefreshOutcome } from './auth-middleware.js';
import type { paths } from './schema.js';
import { MemoryTokenStorage } from './token-storage.js';

const EXPIRED =
  'Bearer realm="nest-auth-starter", error="invalid_token", error_description="The access token expired."';

const problem = (status: number, challenge?: string) =>
  new Response(JSON.stringify({ type: 'about:blank', status }), {
    status,
    headers: {
      'content-type': 'application/problem+json',
      ...(challenge ? { 'www-authenticate': challenge } : {}),
    },
  });

/** A client on a fake service: `answer` decides each response; every call is recorded. */
function setUp(
  answer: (request: Request) => Response,
  refreshed: RefreshOutcome = { accessToken: 'new', refreshToken: 'r2' },
) {
  const sent: { path: string; authorization: string | null; body: string }[] = [];
  const fetch = async (request: Request) => {
    sent.push({
      path: new URL(request.url).pathname,
      authorization: request.headers.get('authorization'),
      body: await request.text(),
    });
    return answer(request);
  };
  const storage = new MemoryTokenStorage();
  storage.set({ accessToken: 'old', refreshToken: 'r1' });
  const refresh = jest.fn(async (): Promise<RefreshOutcome> => refreshed);
  const onSignedOut = jest.fn();
  const api = createClient<paths>({ baseUrl: 'http://service.test', fetch });
  api.use(createAuthMiddleware({ storage, refresh, onSignedOut }));
  return { api, sent, storage, refresh, onSignedOut };
}

describe('createAuthMiddleware', () => {
  it('retries a refused call once with the new token and the same body', async () => {
    const { api, sent, refresh } = setUp((request) =>
      request.headers.get('authorization') === 'Bearer new'
        ? new Response(null, { status: 204 })
        : problem(401, EXPIRED),
    );

    const { response } = await api.POST('/auth/password', {
      body: { currentPassword: 'a', newPassword: 'b' },
    });

    expect(response.status).toBe(204);
    expect(refresh).toHaveBeenCalledWith('r1');
    const body = JSON.stringify({ currentPassword: 'a', newPassword: 'b' });
    expect(sent).toEqual([
      { path: '/auth/password', authorization: 'Bearer old', body },
      { path: '/auth/password', authorization: 'Bearer new', body },
    ]);
  });

  it('returns a retried call refused again, without a second refresh', async () => {
    const { api, sent, refresh, onSignedOut, storage } = setUp(() => problem(401, EXPIRED));

    const { response } = await api.GET('/auth/me');

    expect(response.status).toBe(401);
    expect(sent).toHaveLength(2);
    expect(refresh).toHaveBeenCalledTimes(1);
    expect(onSignedOut).not.toHaveBeenCalled();
    expect(storage.get()).toEqual({ accessToken: 'new', refreshToken: 'r2' });
  });

  it('keeps the tokens and returns the 401 when the refresh is unavailable (network, 429, 5xx)', async () => {
    const { api, sent, onSignedOut, storage } = setUp(() => problem(401, EXPIRED), 'unavailable');

    const { response } = await api.GET('/auth/me');

    expect(response.status).toBe(401);
    expect(sent).toHaveLength(1);
    expect(onSignedOut).not.toHaveBeenCalled();
    expect(storage.get()).toEqual({ accessToken: 'old', refreshToken: 'r1' });
  });

  it.each([
    ['a 403', () => problem(403)],
    ['a bare-challenge 401', () => problem(401, 'Bearer realm="nest-auth-starter"')],
  ])('returns %s as it is', async (_case, answer) => {
    const { api, sent, refresh } = setUp(answer);

    await api.GET('/auth/me');

    expect(sent).toHaveLength(1);
    expect(refresh).not.toHaveBeenCalled();
  });

  it('sends no token to the token endpoints and never refreshes their 401', async () => {
    const { api, sent, refresh } = setUp(() => problem(401, EXPIRED));

    await api.POST('/auth/login', {
      body: { email: 'a@example.test', password: 'wrong-password' },
    });
    await api.POST('/auth/refresh', { body: { refreshToken: 'r1' } });

    expect(sent.map(({ authorization }) => authorization)).toEqual([null, null]);
    expect(refresh).not.toHaveBeenCalled();
  });

  it('leaves an Authorization header set by the caller alone', async () => {
    const { api, sent, refresh } = setUp(() => problem(401, EXPIRED));

    await api.GET('/auth/me', { headers: { authorization: 'Bearer mine' } });

    expect(sent).toEqual([{ path: '/auth/me', authorization: 'Bearer mine', body: '' }]);
    expect(refresh).not.toHaveBeenCalled();
  });
});
