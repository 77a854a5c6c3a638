import type { Middleware } from 'openapi-fetch';
import type { Tokens, TokenStorage } from './token-storage.js';

/** What a refresh attempt came to: new tokens, the session is over, or try again later. */
export type RefreshOutcome = Tokens | 'signed-out' | 'unavailable';

export interface AuthMiddlewareOptions {
  storage: TokenStorage;
  /** Exchanges a refresh token for a new pair (POST /auth/refresh). */
  refresh: (refreshToken: string) => Promise<RefreshOutcome>;
  /** Called once when a refresh is refused: the tokens are already cleared. */
  onSignedOut?: () => void;
  /** Schema paths that never carry the access token nor trigger a refresh. */
  tokenEndpoints?: readonly string[];
}

/** The service's token endpoints: a 401 there is a wrong password or refresh token, not an expiry. */
export const TOKEN_ENDPOINTS = ['/auth/login', '/auth/refresh'] as const;

/** RFC 6750 §3.1: a bearer token was sent and refused (expired, revoked, malformed). */
export function isInvalidTokenChallenge(response: Response): boolean {
  const challenge = response.headers.get('www-authenticate') ?? '';
  return response.status === 401 && /\berror="invalid_token"/i.test(challenge);
}

interface Sent {
  /** A copy taken before the body was sent: a Request body is a stream, read once. */
  retry: Request;
  accessToken: string;
}

/**
 * Sends the access token on every call but the token endpoints. On a 401 `invalid_token` it
 * refreshes once for all the calls in flight and retries each call once with the new token. A
 * bare-challenge 401 (no token was acceptable to send) and a 403 are returned as they are.
 */
export function createAuthMiddleware(options: AuthMiddlewareOptions): Middleware {
  const { storage, refresh, onSignedOut } = options;
  const tokenEndpoints = new Set<string>(options.tokenEndpoints ?? TOKEN_ENDPOINTS);
  const sent = new Map<string, Sent>();
  let refreshing: Promise<string | undefined> | undefined;

  /** One refresh at a time: every call that needs one while it runs awaits the same promise. */
  function refreshOnce(refreshToken: string): Promise<string | undefined> {
    refreshing ??= (async () => {
      try {
        const outcome = await refresh(refreshToken);
        if (outcome === 'unavailable') return undefined;
        if (outcome === 'signed-out') {
          await storage.clear();
          onSignedOut?.();
          return undefined;
        }
        await storage.set(outcome);
        return outcome.accessToken;
      } finally {
        refreshing = undefined;
      }
    })();
    return refreshing;
  }

  /** The access token to retry with, or undefined when the call cannot be retried. */
  async function freshAccessToken(usedToken: string): Promise<string | undefined> {
    if (refreshing) return refreshing;
    const tokens = await storage.get();
    if (!tokens) return undefined; // signed out meanwhile
    // Another call refreshed since this one was sent: use its token, no second refresh.
    if (tokens.accessToken !== usedToken) return tokens.accessToken;
    return refreshOnce(tokens.refreshToken);
  }

  return {
    async onRequest({ request, schemaPath, id }) {
      if (tokenEndpoints.has(schemaPath) || request.headers.has('authorization')) return undefined;
      const tokens = await storage.get();
      if (!tokens) return undefined;
      request.headers.set('authorization', `Bearer ${tokens.accessToken}`);
      sent.set(id, { retry: request.clone(), accessToken: tokens.accessToken });
      return request;
    },

    async onResponse({ response, id, options: { fetch } }) {
      const call = sent.get(id);
      sent.delete(id);
      if (!call || !isInvalidTokenChallenge(response)) return undefined;
      const accessToken = await freshAccessToken(call.accessToken);
      if (!accessToken) return undefined;
      // Sent with fetch itself, past the middleware: a second 401 is returned, never refreshed.
      call.retry.headers.set('authorization', `Bearer ${accessToken}`);
      return fetch(call.retry);
    },

    onError({ id }) {
      sent.delete(id);
    },
  };
}
