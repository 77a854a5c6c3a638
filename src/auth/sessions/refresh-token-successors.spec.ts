import type { ConfigService } from '@nestjs/config';
import type { Environment } from '../../config/environment.js';
import { RefreshTokenSuccessors } from './refresh-token-successors.js';

const SECRET = 'a-signing-secret-of-at-least-32-bytes!';
const OTHER_SECRET = 'another-signing-secret-of-32-bytes!!';
const TOKEN = 'nVQ0y9m8dYk1rZ3t0pXQ9m2fJw7sL4aK6hB5cE8gU1o';

function successors(secrets: { JWT_SECRET?: string; JWT_PREVIOUS_SECRET?: string }) {
  const config = { get: (key: keyof typeof secrets) => secrets[key] };
  return new RefreshTokenSuccessors(config as unknown as ConfigService<Environment, true>);
}

describe('RefreshTokenSuccessors', () => {
  it('gives one token the same successor on every instance with the same secret', () => {
    const successor = successors({ JWT_SECRET: SECRET }).of(TOKEN);
    expect(successor).toMatch(/^[\w-]{43}$/);
    expect(successor).not.toBe(TOKEN);
    expect(successors({ JWT_SECRET: SECRET }).of(TOKEN)).toBe(successor);
  });

  it('gives other tokens, or the same token under another secret, other successors', () => {
    const mine = successors({ JWT_SECRET: SECRET });
    expect(mine.of(`${TOKEN}x`)).not.toBe(mine.of(TOKEN));
    expect(successors({ JWT_SECRET: OTHER_SECRET }).of(TOKEN)).not.toBe(mine.of(TOKEN));
  });

  it('during a key rotation, also knows the successor the previous secret gave', () => {
    const before = successors({ JWT_SECRET: SECRET }).of(TOKEN);
    const rotated = successors({ JWT_SECRET: OTHER_SECRET, JWT_PREVIOUS_SECRET: SECRET });
    expect(rotated.candidates(TOKEN)).toEqual([rotated.of(TOKEN), before]);
  });
});
