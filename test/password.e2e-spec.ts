import { Logger } from '@nestjs/common';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { randomBytes } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { AccountMail } from '../src/auth/account/account-mail.js';
import { AccountTokens } from '../src/auth/account/account-tokens.service.js';
import { RESET_REQUESTED_MESSAGE } from '../src/auth/account/dto/reset-requested.dto.js';
import { RESET_TOKEN_REFUSED } from '../src/auth/account/password.service.js';
import { UsersService } from '../src/users/users.service.js';
import { invalid, JSON_TYPE, problem, PROBLEM_JSON } from './support/problems.js';
import { resetTokenOf, SmtpInbox } from './support/smtp-inbox.js';
import { createTestApp } from './support/test-app.js';
import { PASSWORD, signIn, type SignedInUser, uniqueEmail } from './support/users.js';

const NEW_PASSWORD = 'a-brand-new-password';
const APP_URL = 'https://app.example.test';
const MAIL_FROM = 'Starter <no-reply@example.test>';

/**
 * Requests are injected with a client address of their own per test, so the per-address throttles
 * of one test do not reach another. Mail goes over SMTP to a real server in this process.
 */
describe('Password change and reset (e2e)', () => {
  let app: NestFastifyApplication;
  const inbox = new SmtpInbox();
  let nextAddress = 1;
  const newAddress = () => `203.0.113.${nextAddress++}`;

  const post = (url: string, payload: object, options: { token?: string; address?: string } = {}) =>
    app.inject({
      method: 'POST',
      url,
      payload,
      remoteAddress: options.address ?? newAddress(),
      headers: options.token ? { authorization: `Bearer ${options.token}` } : {},
    });
  const changePassword = (token: string, body: object, address?: string) =>
    post('/auth/password', body, { token, address });
  const forgot = (email: string, address?: string) =>
    post('/auth/password/forgot', { email }, { address });
  const reset = (token: string, newPassword = NEW_PASSWORD) =>
    post('/auth/password/reset', { token, newPassword });
  const login = (email: string, password: string, address?: string) =>
    post('/auth/login', { email, password }, { address });
  const me = (token: string) =>
    app.inject({ method: 'GET', url: '/auth/me', headers: { authorization: `Bearer ${token}` } });
  const refresh = (refreshToken: string) => post('/auth/refresh', { refreshToken });
  /** Waits for the emails the service is still sending. */
  const mailSent = () => app.get(AccountMail).idle();

  /** A second session of the same user. */
  async function anotherSession(user: SignedInUser) {
    const response = await login(user.email, PASSWORD);
    expect(response.statusCode).toBe(200);
    return response.json<{ accessToken: string; refreshToken: string }>();
  }

  async function expectSessionEnded(session: { accessToken: string; refreshToken: string }) {
    expect((await me(session.accessToken)).statusCode).toBe(401);
    expect((await refresh(session.refreshToken)).statusCode).toBe(401);
  }

  async function resetLinkFor(email: string, count = 1): Promise<string> {
    return resetTokenOf(await inbox.waitFor(email, count));
  }

  beforeAll(async () => {
    await inbox.start();
    app = await createTestApp({ env: { SMTP_URL: inbox.url, MAIL_FROM, APP_URL } });
  });

  afterAll(async () => {
    await app.close();
    await inbox.stop();
  });

  describe('POST /auth/password', () => {
    it('changes the password: 204, every other session revoked, this one kept', async () => {
      const user = await signIn(app);
      const other = await anotherSession(user);

      const response = await changePassword(user.accessToken, {
        currentPassword: PASSWORD,
        newPassword: NEW_PASSWORD,
      });
      expect(response.statusCode).toBe(204);
      expect(response.body).toBe('');

      await expectSessionEnded(other);
      expect((await me(user.accessToken)).statusCode).toBe(200);
      expect((await refresh(user.refreshToken)).statusCode).toBe(200);
      expect((await login(user.email, PASSWORD)).statusCode).toBe(401);
      expect((await login(user.email, NEW_PASSWORD)).statusCode).toBe(200);
    });

    it('refuses a wrong current password with 403, not 401, and changes nothing', async () => {
      const user = await signIn(app);
      const other = await anotherSession(user);

      const response = await changePassword(user.accessToken, {
        currentPassword: 'not-the-password',
        newPassword: NEW_PASSWORD,
      });
      expect(response.statusCode).toBe(403);
      expect(response.headers['content-type']).toBe(PROBLEM_JSON);
      expect(response.headers['www-authenticate']).toBeUndefined();
      expect(response.json()).toEqual(
        problem(
          'current-password-refused',
          403,
          'Forbidden',
          'The current password is wrong.',
          '/auth/password',
        ),
      );
      expect((await me(other.accessToken)).statusCode).toBe(200);
      expect((await login(user.email, PASSWORD)).statusCode).toBe(200);
    });

    it('counts wrong current passwords as failed sign-ins: 429 with Retry-After, login too', async () => {
      const user = await signIn(app);
      const address = newAddress();
      const wrong = { currentPassword: 'not-the-password', newPassword: NEW_PASSWORD };
      for (let attempt = 1; attempt <= 10; attempt++) {
        expect((await changePassword(user.accessToken, wrong, address)).statusCode).toBe(403);
      }
      const blocked = await changePassword(user.accessToken, wrong, address);
      expect(blocked.statusCode).toBe(429);
      expect(Number(blocked.headers['retry-after'])).toBeGreaterThanOrEqual(1);
      expect(blocked.json()).toEqual(
        problem(
          'throttled',
          429,
          'Too Many Requests',
          'Too many failed sign-in attempts. Try again later.',
          '/auth/password',
        ),
      );
      // The account's counter is the login's: signing in is blocked too, from anywhere.
      expect((await login(user.email, PASSWORD)).statusCode).toBe(429);
    });

    it('holds the new password to the rules of registration', async () => {
      const user = await signIn(app);
      const response = await changePassword(user.accessToken, {
        currentPassword: PASSWORD,
        newPassword: 'short',
      });
      expect(response.statusCode).toBe(400);
      expect(response.json()).toEqual(
        invalid('/auth/password', [
          {
            field: 'newPassword',
            messages: ['newPassword must be longer than or equal to 8 characters'],
          },
        ]),
      );
      expect((await login(user.email, PASSWORD)).statusCode).toBe(200);
    });
  });

  describe('POST /auth/password/forgot and /auth/password/reset', () => {
    it('resets a forgotten password through the emailed link, ending every session', async () => {
      const user = await signIn(app);
      const other = await anotherSession(user);

      const requested = await forgot(user.email.toUpperCase());
      expect(requested.statusCode).toBe(202);
      expect(requested.headers['content-type']).toBe(JSON_TYPE);
      expect(requested.json()).toEqual({ message: RESET_REQUESTED_MESSAGE });

      const mail = await inbox.waitFor(user.email);
      expect(mail.raw).toMatch(/^Subject: Reset your password\r$/m);
      expect(mail.raw).toContain(`From: ${MAIL_FROM}`);
      expect(mail.text).toContain(`${APP_URL}/reset-password?token=`);
      const token = resetTokenOf(mail);
      expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/); // 32 random bytes, base64url

      // A refused new password does not spend the token.
      expect((await reset(token, 'short')).statusCode).toBe(400);
      const done = await reset(token);
      expect(done.statusCode).toBe(204);
      expect(done.body).toBe('');

      await expectSessionEnded(user);
      await expectSessionEnded(other);
      expect((await login(user.email, PASSWORD)).statusCode).toBe(401);
      expect((await login(user.email, NEW_PASSWORD)).statusCode).toBe(200);
    });

    it('refuses a used, expired, unknown or other-purpose token with 400, changing nothing', async () => {
      const user = await signIn(app);
      const tokens = app.get(AccountTokens);
      await forgot(user.email);
      const used = await resetLinkFor(user.email);
      expect((await reset(used, 'the-first-new-password')).statusCode).toBe(204);

      const refused = [
        used,
        await tokens.issue(user.id, 'password_reset', -60),
        randomBytes(32).toString('base64url'),
        await tokens.issue(user.id, 'email_verification', 600),
      ];
      for (const token of refused) {
        const response = await reset(token);
        expect(response.statusCode).toBe(400);
        expect(response.headers['content-type']).toBe(PROBLEM_JSON);
        expect(response.headers['www-authenticate']).toBeUndefined();
        expect(response.json()).toEqual(
          problem(
            'link-token-refused',
            400,
            'Bad Request',
            RESET_TOKEN_REFUSED,
            '/auth/password/reset',
          ),
        );
      }
      expect((await login(user.email, 'the-first-new-password')).statusCode).toBe(200);
    });

    it('lets only the newest link work', async () => {
      const user = await signIn(app);
      await forgot(user.email);
      const older = await resetLinkFor(user.email, 1);
      await forgot(user.email);
      const newer = await resetLinkFor(user.email, 2);
      expect((await reset(older)).statusCode).toBe(400);
      expect((await reset(newer)).statusCode).toBe(204);
    });

    it('withdraws an unused link when the password is changed', async () => {
      const user = await signIn(app);
      await forgot(user.email);
      const token = await resetLinkFor(user.email);
      const change = { currentPassword: PASSWORD, newPassword: NEW_PASSWORD };
      expect((await changePassword(user.accessToken, change)).statusCode).toBe(204);
      expect((await reset(token, 'yet-another-password')).statusCode).toBe(400);
    });

    it('answers an unknown email as a known one, and emails only the account that exists', async () => {
      const known = await signIn(app);
      const disabled = await signIn(app);
      await app.get(UsersService).setDisabled(disabled.id, true);
      const unknown = uniqueEmail('nobody');

      const answers = await Promise.all(
        [unknown, known.email, disabled.email].map(async (email) => {
          const response = await forgot(email);
          return [response.statusCode, response.headers['content-type'], response.json()];
        }),
      );
      expect(answers).toEqual([
        [202, JSON_TYPE, { message: RESET_REQUESTED_MESSAGE }],
        [202, JSON_TYPE, { message: RESET_REQUESTED_MESSAGE }],
        [202, JSON_TYPE, { message: RESET_REQUESTED_MESSAGE }],
      ]);
      await mailSent();
      expect(inbox.messagesTo(known.email)).toHaveLength(1);
      expect(inbox.messagesTo(unknown)).toEqual([]);
      expect(inbox.messagesTo(disabled.email)).toEqual([]);
    });

    it('takes about as long for an unknown email as for a known one', async () => {
      const users = app.get(UsersService);
      const known = await Promise.all(
        Array.from({ length: 7 }, () => users.create(uniqueEmail('timing'), PASSWORD)),
      );
      const timed = async (email: string) => {
        const started = performance.now();
        expect((await forgot(email)).statusCode).toBe(202);
        const elapsed = performance.now() - started;
        await mailSent(); // the email of one request must not slow the next one down
        return elapsed;
      };
      const knownTimes: number[] = [];
      const unknownTimes: number[] = [];
      for (const user of known) {
        knownTimes.push(await timed(user.email));
        unknownTimes.push(await timed(uniqueEmail('timing-nobody')));
      }
      const [knownMedian, unknownMedian] = [knownTimes, unknownTimes].map(median);
      // Loose bounds: the machine is noisy, but an account lookup, a token or an SMTP exchange
      // in the request would show as a multiple.
      expect(knownMedian).toBeLessThan(unknownMedian * 3 + 20);
      expect(unknownMedian).toBeLessThan(knownMedian * 3 + 20);
    });

    it('limits requests to 3 per email in 15 minutes, whether or not an account has it', async () => {
      const known = await signIn(app);
      for (const email of [known.email, uniqueEmail('nobody')]) {
        for (let attempt = 1; attempt <= 3; attempt++) {
          expect((await forgot(email)).statusCode).toBe(202);
        }
        const blocked = await forgot(email.toUpperCase());
        expect(blocked.statusCode).toBe(429);
        const retryAfter = Number(blocked.headers['retry-after']);
        expect(retryAfter).toBeGreaterThan(60);
        expect(retryAfter).toBeLessThanOrEqual(900);
        expect(blocked.json()).toEqual(
          problem(
            'throttled',
            429,
            'Too Many Requests',
            'Too many password reset requests for this email. Try again later.',
            '/auth/password/forgot',
          ),
        );
      }
      await mailSent();
      expect(inbox.messagesTo(known.email)).toHaveLength(3);
    });

    it('limits requests to 30 a minute per address, as registration', async () => {
      const address = newAddress();
      for (let attempt = 1; attempt <= 30; attempt++) {
        expect((await forgot(uniqueEmail('nobody'), address)).statusCode).toBe(202);
      }
      const blocked = await forgot(uniqueEmail('nobody'), address);
      expect(blocked.statusCode).toBe(429);
      expect(Number(blocked.headers['retry-after'])).toBeGreaterThanOrEqual(1);
      expect(blocked.json()).toEqual(
        problem(
          'throttled',
          429,
          'Too Many Requests',
          'Too many requests from this address. Try again later.',
          '/auth/password/forgot',
        ),
      );
    });

    it('still answers 202 while the mail server is down, and logs the failure without the token', async () => {
      const user = await signIn(app);
      const errors = jest.spyOn(Logger.prototype, 'error');
      await inbox.stop();
      try {
        const response = await forgot(user.email);
        expect(response.statusCode).toBe(202);
        expect(response.json()).toEqual({ message: RESET_REQUESTED_MESSAGE });
        await mailSent();
        const logged = errors.mock.calls.map(([message]) => String(message));
        expect(logged).toEqual([expect.stringMatching(/^Password reset email not sent: .+/)]);
        expect(logged[0]).not.toMatch(/token|reset-password/);
      } finally {
        errors.mockRestore();
        await inbox.start();
      }
      // Once it is back, the next request gets through.
      await forgot(user.email);
      expect((await reset(await resetLinkFor(user.email))).statusCode).toBe(204);
    });
  });
});

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}
