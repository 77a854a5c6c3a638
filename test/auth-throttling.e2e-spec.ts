import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { problem, PROBLEM_JSON } from './support/problems.js';
import { createTestApp } from './support/test-app.js';
import { PASSWORD, signIn, uniqueEmail } from './support/users.js';

/** Requests are injected with a chosen client address, so each test has counters of its own. */
describe('Throttling (e2e)', () => {
  let app: NestFastifyApplication;
  let nextAddress = 1;
  const newAddress = () => `198.51.100.${nextAddress++}`;

  const post = (url: string, payload: object, remoteAddress: string) =>
    app.inject({ method: 'POST', url, payload, remoteAddress });
  const login = (email: string, password: string, remoteAddress = newAddress()) =>
    post('/auth/login', { email, password }, remoteAddress);

  beforeAll(async () => {
    app = await createTestApp();
  });

  afterAll(async () => {
    await app.close();
  });

  function expectTooManyAttempts(response: Awaited<ReturnType<typeof login>>) {
    expect(response.statusCode).toBe(429);
    expect(response.headers['content-type']).toBe(PROBLEM_JSON);
    const retryAfter = Number(response.headers['retry-after']);
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(60);
    expect(response.json()).toEqual(
      problem(
        'throttled',
        429,
        'Too Many Requests',
        'Too many failed sign-in attempts. Try again later.',
        '/auth/login',
      ),
    );
  }

  it('blocks an account after 10 failed attempts from any addresses, even with the right password', async () => {
    const user = await signIn(app);
    for (let attempt = 1; attempt <= 10; attempt++) {
      expect((await login(user.email, 'wrong-password')).statusCode).toBe(401);
    }
    expectTooManyAttempts(await login(user.email, 'wrong-password'));
    expectTooManyAttempts(await login(user.email, PASSWORD));
  });

  it('blocks an address after 10 failed attempts spread over many accounts', async () => {
    const address = newAddress();
    for (let attempt = 1; attempt <= 10; attempt++) {
      expect((await login(uniqueEmail('spray'), 'wrong-password', address)).statusCode).toBe(401);
    }
    expectTooManyAttempts(await login(uniqueEmail('spray'), 'wrong-password', address));
    // Another address is not affected.
    expect((await login(uniqueEmail('spray'), 'wrong-password')).statusCode).toBe(401);
  });

  it('does not count successful sign-ins', async () => {
    const user = await signIn(app);
    const address = newAddress();
    for (let attempt = 1; attempt <= 9; attempt++) {
      expect((await login(user.email, 'wrong-password', address)).statusCode).toBe(401);
    }
    for (let attempt = 1; attempt <= 3; attempt++) {
      expect((await login(user.email, PASSWORD, address)).statusCode).toBe(200);
    }
    expect((await login(user.email, 'wrong-password', address)).statusCode).toBe(401);
    expectTooManyAttempts(await login(user.email, 'wrong-password', address));
  });

  it('holds under concurrent guesses: never more than 10 are let through to the password check', async () => {
    const user = await signIn(app);
    const responses = await Promise.all(
      Array.from({ length: 25 }, () => login(user.email, 'wrong-password')),
    );
    const statuses = responses.map((response) => response.statusCode);
    expect(statuses.filter((status) => status === 401)).toHaveLength(10);
    expect(statuses.filter((status) => status === 429)).toHaveLength(15);
  });

  it('limits registrations to 30 a minute per address, with Retry-After', async () => {
    const address = newAddress();
    for (let attempt = 1; attempt <= 30; attempt++) {
      const response = await post('/auth/register', { email: 'bad' }, address);
      expect(response.statusCode).toBe(400);
    }
    const blocked = await post(
      '/auth/register',
      { email: uniqueEmail(), password: PASSWORD },
      address,
    );
    expect(blocked.statusCode).toBe(429);
    expect(Number(blocked.headers['retry-after'])).toBeGreaterThanOrEqual(1);
    expect(blocked.json()).toEqual(
      problem(
        'throttled',
        429,
        'Too Many Requests',
        'Too many requests from this address. Try again later.',
        '/auth/register',
      ),
    );
    // Other routes carry no global throttle.
    expect(
      (await app.inject({ method: 'GET', url: '/health/live', remoteAddress: address })).statusCode,
    ).toBe(200);
  });
});
