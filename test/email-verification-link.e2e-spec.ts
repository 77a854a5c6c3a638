import { Logger } from '@nestjs/common';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { randomBytes } from 'node:crypto';
import { AccountMail } from '../src/auth/account/account-mail.js';
import { AccountTokens } from '../src/auth/account/account-tokens.service.js';
import { VERIFICATION_SENT_MESSAGE } from '../src/auth/account/dto/verification-sent.dto.js';
import {
  ALREADY_VERIFIED,
  VERIFICATION_TOKEN_REFUSED,
} from '../src/auth/account/email-verification.service.js';
import { EMAIL_NOT_VERIFIED } from '../src/auth/exceptions/email-not-verified.exception.js';
import { Role } from '../src/auth/role.enum.js';
import { UsersService } from '../src/users/users.service.js';
import { JSON_TYPE, problem, PROBLEM_JSON, unauthenticated } from './support/problems.js';
import { VERIFIED_EMAIL_REQUIRED } from './support/refusals.js';
import { SmtpInbox, verificationTokenOf } from './support/smtp-inbox.js';
import { createTestApp } from './support/test-app.js';
import { PASSWORD, signIn, uniqueEmail } from './support/users.js';

const APP_URL = 'https://app.example.test';
const VERIFY = '/auth/email/verify';
const RESEND = '/auth/email/verify/resend';
const ADMIN = [Role.User, Role.Admin];
const REFUSED = problem(
  'link-token-refused',
  400,
  'Bad Request',
  VERIFICATION_TOKEN_REFUSED,
  VERIFY,
);

/**
 * Email verification by link, with REQUIRE_VERIFIED_EMAIL on, mail sent over SMTP to a real server
 * in this process. Each request comes from a client address of its own, so the per-address
 * throttles of one test do not reach another.
 */
describe('Email verification by link (e2e)', () => {
  let app: NestFastifyApplication;
  const inbox = new SmtpInbox();
  let nextAddress = 1;

  const call = (method: 'GET' | 'POST', url: string, payload?: object, token?: string) =>
    app.inject({
      method,
      url,
      ...(payload && { payload }),
      remoteAddress: `198.51.100.${nextAddress++}`,
      headers: token ? { authorization: `Bearer ${token}` } : {},
    });
  const verify = (token: string) => call('POST', VERIFY, { token });
  const resend = (accessToken?: string) => call('POST', RESEND, undefined, accessToken);
  /** A signed-in route under the rule that the core has (the samples may be removed): admins'. */
  const guarded = (accessToken: string) => call('GET', '/admin/users', undefined, accessToken);
  const me = (accessToken: string) => call('GET', '/auth/me', undefined, accessToken);
  const mailSent = () => app.get(AccountMail).idle();

  /** Registers through the API and signs in: the verification email is on its way. */
  async function register() {
    const email = uniqueEmail('verify');
    const created = await call('POST', '/auth/register', { email, password: PASSWORD });
    expect(created.statusCode).toBe(201);
    const login = await call('POST', '/auth/login', { email, password: PASSWORD });
    expect(login.statusCode).toBe(200);
    const { id } = created.json<{ id: string }>();
    await app.get(UsersService).setRoles(id, ADMIN); // binds the access token at its next request
    return { id, email, accessToken: login.json<{ accessToken: string }>().accessToken };
  }

  const linkFor = async (email: string, count = 1) =>
    verificationTokenOf(await inbox.waitFor(email, count));

  beforeAll(async () => {
    await inbox.start();
    app = await createTestApp({
      env: { ...VERIFIED_EMAIL_REQUIRED, SMTP_URL: inbox.url, APP_URL },
    });
  });

  afterAll(async () => {
    await app.close();
    await inbox.stop();
  });

  it('emails a link on registration; verifying it lets the same access token in at once', async () => {
    const user = await register();
    const mail = await inbox.waitFor(user.email);
    expect(mail.raw).toMatch(/^Subject: Verify your email address\r?$/m);
    expect(mail.text).toMatch(/within 48 hours/);
    expect(mail.text).toContain(`${APP_URL}/verify-email?token=`);

    const denied = await guarded(user.accessToken);
    expect(denied.statusCode).toBe(403);
    expect(denied.json()).toEqual(
      problem('email-not-verified', 403, 'Forbidden', EMAIL_NOT_VERIFIED, '/admin/users'),
    );

    const verified = await verify(verificationTokenOf(mail));
    expect(verified.statusCode).toBe(204);
    expect(verified.body).toBe('');

    expect((await guarded(user.accessToken)).statusCode).toBe(200);
    const { id, email } = user;
    const verifiedMe = { id, email, roles: ADMIN, emailVerified: true };
    expect((await me(user.accessToken)).json()).toEqual(verifiedMe);
  });

  it('takes a token once: a second use gets 400 with a problem, not 401', async () => {
    const user = await register();
    const token = await linkFor(user.email);
    expect((await verify(token)).statusCode).toBe(204);

    const again = await verify(token);
    expect(again.statusCode).toBe(400);
    expect(again.headers['content-type']).toBe(PROBLEM_JSON);
    expect(again.headers['www-authenticate']).toBeUndefined();
    expect(again.json()).toEqual(REFUSED);
  });

  it('refuses an unknown, an expired and a password-reset token with the same 400', async () => {
    const user = await signIn(app);
    const tokens = app.get(AccountTokens);
    const expired = await tokens.issue(user.id, 'email_verification', -60);
    const reset = await tokens.issue(user.id, 'password_reset', 600);
    for (const token of [randomBytes(32).toString('base64url'), expired, reset]) {
      const response = await verify(token);
      expect(response.statusCode).toBe(400);
      expect(response.json()).toEqual(REFUSED);
    }
    expect((await me(user.accessToken)).json()).toMatchObject({ emailVerified: false });
    // The reset token was not spent by the attempt: it still resets the password.
    const newPassword = 'a-brand-new-password';
    expect(
      (await call('POST', '/auth/password/reset', { token: reset, newPassword })).statusCode,
    ).toBe(204);
  });

  it('resends a new link on request: 202, and the older link stops working', async () => {
    const user = await register();
    const first = await linkFor(user.email);

    const response = await resend(user.accessToken);
    expect(response.statusCode).toBe(202);
    expect(response.headers['content-type']).toBe(JSON_TYPE);
    expect(response.json()).toEqual({ message: VERIFICATION_SENT_MESSAGE });
    const second = await linkFor(user.email, 2);
    expect(second).not.toBe(first);

    expect((await verify(first)).json()).toEqual(REFUSED);
    expect((await verify(second)).statusCode).toBe(204);
    expect((await guarded(user.accessToken)).statusCode).toBe(200);
  });

  it('answers 409 to a verified user asking for a link, and sends nothing', async () => {
    const user = await signIn(app, undefined, { emailVerified: true });
    const response = await resend(user.accessToken);
    expect(response.statusCode).toBe(409);
    expect(response.headers['content-type']).toBe(PROBLEM_JSON);
    expect(response.json()).toEqual(problem('conflict', 409, 'Conflict', ALREADY_VERIFIED, RESEND));
    await mailSent();
    expect(inbox.messagesTo(user.email)).toEqual([]);
  });

  it('answers 401 to an anonymous request for a link', async () => {
    const response = await resend();
    expect(response.statusCode).toBe(401);
    expect(response.json()).toEqual(unauthenticated(RESEND));
  });

  it('limits resends to 3 per account in 15 minutes, whatever the address', async () => {
    const user = await signIn(app);
    for (let attempt = 1; attempt <= 3; attempt++) {
      expect((await resend(user.accessToken)).statusCode).toBe(202);
    }
    const blocked = await resend(user.accessToken);
    expect(blocked.statusCode).toBe(429);
    const retryAfter = Number(blocked.headers['retry-after']);
    expect(retryAfter).toBeGreaterThan(60);
    expect(retryAfter).toBeLessThanOrEqual(900);
    const detail = 'Too many verification emails for this account. Try again later.';
    expect(blocked.json()).toEqual(problem('throttled', 429, 'Too Many Requests', detail, RESEND));
    await mailSent();
    expect(inbox.messagesTo(user.email)).toHaveLength(3);
  });

  it('limits verification attempts to 30 a minute per address, as registration', async () => {
    const remoteAddress = '198.51.100.250';
    const attempt = () =>
      app.inject({ method: 'POST', url: VERIFY, payload: { token: 'x' }, remoteAddress });
    for (let count = 1; count <= 30; count++) expect((await attempt()).statusCode).toBe(400);
    expect((await attempt()).statusCode).toBe(429);
  });

  it('registers (201) while the mail server is down, and logs the failure without the token', async () => {
    const errors = jest.spyOn(Logger.prototype, 'error');
    await inbox.stop();
    try {
      const email = uniqueEmail('verify-down');
      const created = await call('POST', '/auth/register', { email, password: PASSWORD });
      expect(created.statusCode).toBe(201);
      expect(created.json()).toMatchObject({ email, roles: ['user'] });
      await mailSent();
      const logged = errors.mock.calls.map(([message]) => String(message));
      expect(logged).toEqual([expect.stringMatching(/^Verification email not sent: .+/)]);
      expect(logged[0]).not.toMatch(/token|verify-email/);
    } finally {
      errors.mockRestore();
      await inbox.start();
    }
  });
});
