import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import request from 'supertest';
import { connectRedis } from '../src/redis/redis-client.js';
import { REDIS } from '../src/redis/redis.constants.js';
import { invalidTokenChallenge, problem, PROBLEM_JSON } from './support/problems.js';
import { TcpProxy } from './support/tcp-proxy.js';
import { createTestApp } from './support/test-app.js';
import { bearer, PASSWORD, signIn } from './support/users.js';

// Needs a real Redis: run with E2E_REDIS_URL (as .ci/run does).
const redisUrl = process.env.REDIS_URL ? new URL(process.env.REDIS_URL) : undefined;
const UNAVAILABLE = 'A shared store the service depends on is unavailable. Try again shortly.';

(redisUrl ? describe : describe.skip)('While Redis is away', () => {
  let app: NestFastifyApplication;
  let proxy: TcpProxy;
  const http = () => request(app.getHttpServer());

  beforeAll(async () => {
    proxy = new TcpProxy(redisUrl!.hostname, Number(redisUrl!.port || 6379));
    await proxy.start();
    app = await createTestApp({
      override: (builder) =>
        builder.overrideProvider(REDIS).useFactory({
          factory: () =>
            connectRedis(`redis://127.0.0.1:${proxy.port}`, process.env.REDIS_KEY_PREFIX as string),
        }),
    });
  });

  afterAll(async () => {
    await app?.close();
    await proxy.stop();
  });

  async function eventually(check: () => Promise<boolean>): Promise<void> {
    for (let attempt = 0; attempt < 100; attempt++) {
      if (await check()) return;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    throw new Error('the service did not recover within 10 s');
  }

  it('fails closed with 503 problems, and recovers by itself when Redis returns', async () => {
    const user = await signIn(app);
    const loggedOut = await signIn(app);
    await http().post('/auth/logout').set(bearer(loggedOut.accessToken)).expect(204);
    await http().get('/auth/me').set(bearer(user.accessToken)).expect(200);

    await proxy.stop();

    for (const token of [user.accessToken, loggedOut.accessToken]) {
      const response = await http().get('/auth/me').set(bearer(token)).expect(503);
      expect(response.headers['content-type']).toBe(PROBLEM_JSON);
      expect(response.body).toEqual(
        problem('service-unavailable', 503, 'Service Unavailable', UNAVAILABLE, '/auth/me'),
      );
    }
    const login = await http()
      .post('/auth/login')
      .send({ email: user.email, password: PASSWORD })
      .expect(503);
    expect(login.body.detail).toBe(UNAVAILABLE);
    // Routes that need no shared state keep working.
    await http().get('/health/live').expect(200);

    await proxy.start();

    await eventually(async () => (await http().get('/auth/me').set(bearer(user.accessToken))).ok);
    const revoked = await http().get('/auth/me').set(bearer(loggedOut.accessToken)).expect(401);
    expect(revoked.headers['www-authenticate']).toBe(
      invalidTokenChallenge('The access token has been revoked.'),
    );
    await http().post('/auth/login').send({ email: user.email, password: PASSWORD }).expect(200);
  });
});
