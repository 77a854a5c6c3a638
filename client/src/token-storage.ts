/** The two tokens the client keeps between calls. */
export interface Tokens {
  accessToken: string;
  refreshToken: string;
}

/**
 * Where the tokens live. In memory by default; implement this to keep them elsewhere (session
 * storage, a secure cookie jar, a native keychain). Each method may return a promise.
 */
export interface TokenStorage {
  get(): Tokens | undefined | Promise<Tokens | undefined>;
  set(tokens: Tokens): void | Promise<void>;
  clear(): void | Promise<void>;
}

/** Keeps the tokens in this object only: gone when the page or process ends. */
export class MemoryTokenStorage implements TokenStorage {
  private tokens: Tokens | undefined;

  get(): Tokens | undefined {
    return this.tokens;
  }

  set({ accessToken, refreshToken }: Tokens): void {
    this.tokens = { accessToken, refreshToken };
  }

  clear(): void {
    this.tokens = undefined;
  }
}
