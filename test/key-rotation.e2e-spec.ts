import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { createHash } from 'node:crypto';
import request from 'supertest';
import { invalidTokenChallenge } from './support/problems.js';
import { createTestApp } from './support/test-app.js';
import { signAccessToken, TEST_SECRET } from './support/tokens.js';
import { bearer, signIn } from './support/users.js';

// The e2e secret becomes the previous one.
const PREVIOUS_SECRET = TEST_SECRET;
const ROTATED_SECRET = 'the-rotated-in-signing-secret-of-32-bytes+';

const keyIdOf = (secret: string) =>
  createHash('sha256').update(secret).digest('base64url').slice(0, 16);

/** JWT_SECRET rotated, with the old one as JWT_PREVIOUS_SECRET. */
describe('Rotating JWT_SECRET without logging everyone out (e2e)', () => {
  let app: NestFastifyApplication;
  const me = (token: string) => request(app.getHttpServer()).get('/auth/me').set(bearer(token));

  beforeAll(async () => {
    app = await createTestApp({
      env: { JWT_SECRET: ROTATED_SECRET, JWT_PREVIOUS_SECRET: PREVIOUS_SECRET },
    });
  });

  afterAll(async () => {
    await app.close();
  });

  it('keeps accepting tokens the previous secret signed, until they expire', async () => {
    const user = await signIn(app);
    const issuedBefore = signAccessToken({
      sub: user.id,
      secret: PREVIOUS_SECRET,
      keyid: keyIdOf(PREVIOUS_SECRET),
    });
    await me(issuedBefore).expect(200);
  });

  it('signs new tokens with the new secret, naming it', async () => {
    const user = await signIn(app);
    const [header] = user.accessToken.split('.');
    expect(JSON.parse(Buffer.from(header, 'base64url').toString()).kid).toBe(
      keyIdOf(ROTATED_SECRET),
    );
    await me(user.accessToken).expect(200);
  });

  it('refuses a token that claims the previous key but was signed with another', async () => {
    const user = await signIn(app);
    const forged = signAccessToken({
      sub: user.id,
      secret: 'some-other-secret-of-at-least-32-bytes!!',
      keyid: keyIdOf(PREVIOUS_SECRET),
    });
    const response = await me(forged).expect(401);
    expect(response.headers['www-authenticate']).toBe(
      invalidTokenChallenge('The access token signature is invalid.'),
    );
  });
});
