import createClient, { type Client, type ClientOptions } from 'openapi-fetch';
import { createAuthMiddleware, type RefreshOutcome } from './auth-middleware.js';
import type { paths } from './schema.js';
import { MemoryTokenStorage, type Tokens, type TokenStorage } from './token-storage.js';

export interface ApiClientOptions extends ClientOptions {
  /** Where the tokens live; in memory by default. */
  storage?: TokenStorage;
  /** Called once when the session is over (a refresh was refused); the tokens are cleared. */
  onSignedOut?: () => void;
}

/** An openapi-fetch client for this API with the auth middleware registered. */
export function createApiClient({
  storage = new MemoryTokenStorage(),
  onSignedOut,
  ...clientOptions
}: ApiClientOptions = {}) {
  /** The typed client: `api.GET('/auth/me')`, `api.POST('/auth/password', { body })`. */
  const api: Client<paths> = createClient<paths>(clientOptions);

  async function refresh(refreshToken: string): Promise<RefreshOutcome> {
    const { data, response } = await api
      .POST('/auth/refresh', { body: { refreshToken } })
      .catch(() => ({ data: undefined, response: undefined }));
    if (data) return data;
    // 400 or 401: the refresh token is spent, expired or revoked. Anything else may pass.
    return response?.status === 400 || response?.status === 401 ? 'signed-out' : 'unavailable';
  }

  api.use(createAuthMiddleware({ storage, refresh, onSignedOut }));

  return {
    api,
    storage,
    /** Signs in and keeps the tokens; otherwise returns the refusal (400, 401, 429). */
    signIn: async (email: string, password: string) => {
      const result = await api.POST('/auth/login', { body: { email, password } });
      if (result.data) await storage.set(result.data satisfies Tokens);
      return result;
    },
  };
}

export type ApiClient = ReturnType<typeof createApiClient>;
