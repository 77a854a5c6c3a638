import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { Role } from '../src/auth/role.enum.js';
import { TIMESTAMP, UUID } from './support/matchers.js';
import { CURSOR_ERRORS, onePage, readAllPages, type PageBody } from './support/pages.js';
import {
  invalid,
  invalidTokenChallenge,
  malformedId,
  problem,
  PROBLEM_JSON,
} from './support/problems.js';
import { createTestApp } from './support/test-app.js';
import { decode } from './support/tokens.js';
import { bearer, PASSWORD, signIn, type SignedInUser } from './support/users.js';

interface SessionItem {
  id: string;
  createdAt: string;
  lastUsedAt: string;
  userAgent: string | null;
  current: boolean;
}

const FIREFOX = 'Mozilla/5.0 (X11; Linux x86_64; rv:140.0) Gecko/20100101 Firefox/140.0';
const PHONE = 'ExampleApp/3.1 (iPhone; iOS 19.0)';
const REVOKED = 'The access token has been revoked.';

describe('Sessions (e2e)', () => {
  let app: NestFastifyApplication;
  const http = () => request(app.getHttpServer());
  const sessionOf = (accessToken: string) => decode(accessToken).sid as string;
  const refresh = (refreshToken: string) => http().post('/auth/refresh').send({ refreshToken });
  const me = (token: string) => http().get('/auth/me').set(bearer(token));
  const list = (token: string, query = '') =>
    http().get(`/auth/sessions${query}`).set(bearer(token));
  const end = (token: string, id: string) =>
    http().delete(`/auth/sessions/${id}`).set(bearer(token));
  const endOthers = (token: string) => http().delete('/auth/sessions').set(bearer(token));

  /** Another sign-in of the same user, from `userAgent` (none when undefined). */
  async function loginAgain(user: SignedInUser, userAgent?: string): Promise<SignedInUser> {
    const pending = http().post('/auth/login');
    if (userAgent !== undefined) pending.set('user-agent', userAgent);
    const { body } = await pending.send({ email: user.email, password: PASSWORD }).expect(200);
    return { ...user, ...body };
  }

  async function expectEnded(session: SignedInUser): Promise<void> {
    const response = await me(session.accessToken).expect(401);
    expect(response.headers['www-authenticate']).toBe(invalidTokenChallenge(REVOKED));
    await refresh(session.refreshToken).expect(401);
  }

  async function expectAlive(session: SignedInUser): Promise<void> {
    await me(session.accessToken).expect(200);
  }

  beforeAll(async () => {
    app = await createTestApp();
  });

  afterAll(async () => {
    await app.close();
  });

  describe('GET /auth/sessions', () => {
    it('lists the caller’s live sessions, newest first, marking the current one', async () => {
      const first = await signIn(app);
      const firefox = await loginAgain(first, FIREFOX);
      const phone = await loginAgain(first, PHONE);
      const ended = await loginAgain(first, 'ended');
      await http().post('/auth/logout').set(bearer(ended.accessToken)).expect(204);
      await signIn(app); // someone else

      const response = await list(firefox.accessToken).expect(200);

      const item = (session: SignedInUser, userAgent: string | null, current = false) => ({
        id: sessionOf(session.accessToken),
        createdAt: TIMESTAMP,
        lastUsedAt: TIMESTAMP,
        userAgent,
        current,
      });
      expect(response.body).toEqual(
        onePage([item(phone, PHONE), item(firefox, FIREFOX, true), item(first, null)]),
      );
      const [newest] = response.body.items as SessionItem[];
      expect(newest.lastUsedAt).toBe(newest.createdAt);
      expect(response.body.items[1].id).toEqual(UUID);
    });

    it('keeps the first 200 characters of a User-Agent', async () => {
      const user = await signIn(app);
      const long = await loginAgain(user, `  ${'x'.repeat(199)}yz`);
      const { body } = await list(long.accessToken).expect(200);
      const current = (body.items as SessionItem[]).find((session) => session.current);
      expect(current?.userAgent).toBe(`${'x'.repeat(199)}y`);
    });

    it('shows the last refresh as the last use', async () => {
      const user = await signIn(app);
      await new Promise((resolve) => setTimeout(resolve, 20));
      const rotated = await refresh(user.refreshToken).expect(200);
      const { body } = await list(rotated.body.accessToken).expect(200);
      const [session] = body.items as SessionItem[];
      expect(session.current).toBe(true);
      expect(Date.parse(session.lastUsedAt)).toBeGreaterThan(Date.parse(session.createdAt));
    });

    it('pages with a signed cursor, valid only for the caller’s own list', async () => {
      const user = await signIn(app);
      const others = [];
      for (let i = 0; i < 4; i++) others.push(await loginAgain(user, `agent ${i}`));
      const { items, pages } = await readAllPages<SessionItem>(
        async (cursor) =>
          (
            await list(
              user.accessToken,
              `?limit=2${cursor === undefined ? '' : `&cursor=${cursor}`}`,
            ).expect(200)
          ).body as PageBody<SessionItem>,
      );
      expect(pages.map((page) => page.items.length)).toEqual([2, 2, 1]);
      expect(items.map((session) => session.userAgent)).toEqual([
        'agent 3',
        'agent 2',
        'agent 1',
        'agent 0',
        null,
      ]);
      expect(items.filter((session) => session.current)).toHaveLength(1);

      const stranger = await signIn(app);
      const cursor = pages[0].nextCursor as string;
      const foreign = await list(stranger.accessToken, `?cursor=${cursor}`).expect(400);
      expect(foreign.body).toEqual(invalid(`/auth/sessions?cursor=${cursor}`, CURSOR_ERRORS));
      await list(user.accessToken, '?limit=0').expect(400);
    });
  });

  describe('DELETE /auth/sessions/:id', () => {
    it('ends that session at once, its access and refresh tokens, and no other', async () => {
      const user = await signIn(app);
      const laptop = await loginAgain(user, FIREFOX);

      const response = await end(user.accessToken, sessionOf(laptop.accessToken)).expect(204);

      expect(response.text).toBe('');
      await expectEnded(laptop);
      await expectAlive(user);
      const { body } = await list(user.accessToken).expect(200);
      expect((body.items as SessionItem[]).map((session) => session.id)).toEqual([
        sessionOf(user.accessToken),
      ]);
      // Ended already: no longer one of the caller's live sessions.
      await end(user.accessToken, sessionOf(laptop.accessToken)).expect(404);
    });

    it('can end the current session, like logout', async () => {
      const user = await signIn(app);
      await end(user.accessToken, sessionOf(user.accessToken)).expect(204);
      await expectEnded(user);
    });

    it('answers 404 for another user’s session, which stays alive, and for an unknown id', async () => {
      const user = await signIn(app);
      const victim = await signIn(app);
      for (const id of [sessionOf(victim.accessToken), randomUUID()]) {
        const response = await end(user.accessToken, id).expect(404);
        expect(response.headers['content-type']).toBe(PROBLEM_JSON);
        expect(response.body).toEqual(
          problem('not-found', 404, 'Not Found', 'Session not found.', `/auth/sessions/${id}`),
        );
      }
      await expectAlive(victim);
      await refresh(victim.refreshToken).expect(200);
    });

    it('answers 400 for a malformed id', async () => {
      const user = await signIn(app);
      const response = await end(user.accessToken, 'not-a-uuid').expect(400);
      expect(response.body).toEqual(malformedId('/auth/sessions/not-a-uuid'));
    });
  });

  describe('DELETE /auth/sessions', () => {
    it('ends every other session of the caller, keeping the current one and other users’', async () => {
      const user = await signIn(app);
      const laptop = await loginAgain(user, FIREFOX);
      const phone = await loginAgain(user, PHONE);
      const someoneElse = await signIn(app);

      await endOthers(laptop.accessToken).expect(204);

      await expectEnded(user);
      await expectEnded(phone);
      await expectAlive(laptop);
      await expectAlive(someoneElse);
      const { body } = await list(laptop.accessToken).expect(200);
      expect((body.items as SessionItem[]).map((session) => session.current)).toEqual([true]);
      await refresh(laptop.refreshToken).expect(200);
      await endOthers(laptop.accessToken).expect(204); // nothing left to end
    });
  });

  describe('admin', () => {
    let admin: SignedInUser;

    beforeAll(async () => {
      admin = await signIn(app, [Role.User, Role.Admin]);
    });

    const setDisabled = (id: string, disabled: boolean) =>
      http()
        .patch(`/admin/users/${id}/status`)
        .set(bearer(admin.accessToken))
        .send({ disabled })
        .expect(200);

    it('DELETE /admin/users/:id/sessions ends all the user’s sessions', async () => {
      const user = await signIn(app);
      const phone = await loginAgain(user, PHONE);
      const someoneElse = await signIn(app);

      await http()
        .delete(`/admin/users/${user.id}/sessions`)
        .set(bearer(admin.accessToken))
        .expect(204);

      await expectEnded(user);
      await expectEnded(phone);
      await expectAlive(someoneElse);
      await expectAlive(admin);
      const again = await loginAgain(user);
      await expectAlive(again);
    });

    it('DELETE /admin/users/:id/sessions answers 404 for an unknown user, 400 for a malformed id', async () => {
      const unknown = randomUUID();
      const response = await http()
        .delete(`/admin/users/${unknown}/sessions`)
        .set(bearer(admin.accessToken))
        .expect(404);
      expect(response.body).toEqual(
        problem(
          'not-found',
          404,
          'Not Found',
          'User not found.',
          `/admin/users/${unknown}/sessions`,
        ),
      );
      const malformed = await http()
        .delete('/admin/users/42/sessions')
        .set(bearer(admin.accessToken))
        .expect(400);
      expect(malformed.body).toEqual(malformedId('/admin/users/42/sessions'));
    });

    it('disabling a user ends their sessions: re-enabling brings no old token back', async () => {
      const user = await signIn(app);
      const rotated = await refresh(user.refreshToken).expect(200);
      const phone = await loginAgain(user, PHONE);

      await setDisabled(user.id, true);
      await setDisabled(user.id, false);

      for (const accessToken of [user.accessToken, rotated.body.accessToken, phone.accessToken]) {
        const response = await me(accessToken).expect(401);
        expect(response.headers['www-authenticate']).toBe(invalidTokenChallenge(REVOKED));
      }
      await refresh(rotated.body.refreshToken).expect(401);
      await refresh(phone.refreshToken).expect(401);
      // Within the grace period too: the spent token's session is over.
      await refresh(user.refreshToken).expect(401);
      const again = await loginAgain(user);
      await expectAlive(again);
      await refresh(again.refreshToken).expect(200);
    });
  });
});
