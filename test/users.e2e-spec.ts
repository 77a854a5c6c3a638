import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { Role } from '../src/auth/role.enum.js';
import { MAX_PAGE_SIZE } from '../src/pagination/page-query.dto.js';
import { type User, UsersService } from '../src/users/users.service.js';
import { onePage, type PageBody, readAllPages } from './support/pages.js';
import {
  adminRequired,
  CHALLENGE,
  type FieldError,
  invalid,
  invalidTokenChallenge,
  JSON_TYPE,
  malformedId,
  problem,
  PROBLEM_JSON,
} from './support/problems.js';
import { TIMESTAMP } from './support/matchers.js';
import { createTestApp } from './support/test-app.js';
import { decode, TOKEN_PAIR } from './support/tokens.js';
import { bearer, PASSWORD, signIn, type SignedInUser } from './support/users.js';

/** Every role, as the enum lists them: a role added later changes the messages below with it. */
const ROLES = Object.values(Role);
const UNKNOWN_ROLE = `each value in roles must be one of the following values: ${ROLES.join(', ')}`;
const TOO_MANY_ROLES = `roles must contain no more than ${ROLES.length} elements`;
const ALL_ROLE_ERRORS = [
  UNKNOWN_ROLE,
  "All roles's elements must be unique",
  TOO_MANY_ROLES,
  'roles must contain at least 1 elements',
  'roles must be an array',
];

interface AdminUserBody {
  id: string;
  email: string;
  roles: Role[];
  disabled: boolean;
  emailVerified: boolean;
  createdAt: string;
}

const userNotFound = (instance: string) =>
  problem('not-found', 404, 'Not Found', 'User not found.', instance);

const DISABLED_DETAIL = 'The user of this access token no longer exists or is disabled.';

describe('Admin: users, roles and status', () => {
  let app: NestFastifyApplication;
  const http = () => request(app.getHttpServer());

  // Booting starts a fresh embedded PostgreSQL: seconds on a busy machine.
  beforeAll(async () => {
    app = await createTestApp();
  }, 60_000);

  afterAll(async () => {
    await app.close();
  });

  const signInAdmin = () => signIn(app, [Role.User, Role.Admin]);
  const signInShopper = () => signIn(app, [Role.User]);

  /** The user as the admin API renders it, read straight from the store. */
  async function stored(id: string): Promise<AdminUserBody> {
    const user = await app.get(UsersService).findById(id);
    return JSON.parse(JSON.stringify(user)) as AdminUserBody;
  }

  function setRoles(token: string, id: string, roles: unknown) {
    return http().patch(`/admin/users/${id}/roles`).set(bearer(token)).send({ roles });
  }

  function setDisabled(token: string, id: string, disabled: unknown) {
    return http().patch(`/admin/users/${id}/status`).set(bearer(token)).send({ disabled });
  }

  function listUsers(token: string, query: Record<string, string> = {}) {
    return http().get('/admin/users').query(query).set(bearer(token));
  }

  /** Every enabled admin, read page by page. */
  async function enabledAdmins(): Promise<User[]> {
    const users = app.get(UsersService);
    const { items } = await readAllPages((cursor) =>
      users.list({ limit: MAX_PAGE_SIZE, cursor, role: Role.Admin }),
    );
    return items.filter((user) => !user.disabled);
  }

  function deleteUser(token: string, id: string) {
    return http().delete(`/admin/users/${id}`).set(bearer(token));
  }

  function refresh(refreshToken: string) {
    return http().post('/auth/refresh').send({ refreshToken });
  }

  function me(token: string) {
    return http().get('/auth/me').set(bearer(token));
  }

  function login(email: string, password: string) {
    return http().post('/auth/login').send({ email, password });
  }

  /** An admin sends `body` to a shopper's roles or status: 400 with `errors`, and nothing changes. */
  async function expectRefused(route: 'roles' | 'status', body: object, errors: FieldError[]) {
    const admin = await signInAdmin();
    const target = await signInShopper();
    const before = await stored(target.id);
    const instance = `/admin/users/${target.id}/${route}`;

    const response = await http()
      .patch(instance)
      .set(bearer(admin.accessToken))
      .send(body)
      .expect(400);

    expect(response.headers['content-type']).toBe(PROBLEM_JSON);
    expect(response.body).toEqual(invalid(instance, errors));
    expect(await stored(target.id)).toEqual(before);
  }

  describe('GET /admin/users', () => {
    it('lists users with id, email, roles, status and creation date only', async () => {
      const admin = await signInAdmin();
      const shopper = await signInShopper();

      const response = await listUsers(admin.accessToken).expect(200);
      const byShopper = await listUsers(admin.accessToken, { email: shopper.email }).expect(200);
      const byAdmin = await listUsers(admin.accessToken, { email: admin.email }).expect(200);

      expect(response.headers['content-type']).toBe(JSON_TYPE);
      expect(byShopper.body).toEqual(
        onePage([
          {
            id: shopper.id,
            email: shopper.email,
            roles: [Role.User],
            disabled: false,
            emailVerified: false,
            createdAt: TIMESTAMP,
          },
        ]),
      );
      expect(byAdmin.body).toEqual(
        onePage([
          {
            id: admin.id,
            email: admin.email,
            roles: [Role.User, Role.Admin],
            disabled: false,
            emailVerified: false,
            createdAt: TIMESTAMP,
          },
        ]),
      );
      const listed = response.body as PageBody<AdminUserBody>;
      expect(Object.keys(listed).sort()).toEqual(['items', 'nextCursor']);
      expect(listed.items.length).toBeGreaterThan(0);
      for (const user of listed.items) {
        expect(Object.keys(user).sort()).toEqual([
          'createdAt',
          'disabled',
          'email',
          'emailVerified',
          'id',
          'roles',
        ]);
      }
      for (const body of [response.text, byShopper.text, byAdmin.text]) {
        expect(body).not.toMatch(/passwordHash|argon2/i);
      }
    });
  });

  describe('PATCH /admin/users/:id/roles', () => {
    it('replaces the roles (200) and the user sees them at once', async () => {
      const admin = await signInAdmin();
      const target = await signInShopper();

      const response = await setRoles(admin.accessToken, target.id, [Role.Admin]).expect(200);

      expect(response.headers['content-type']).toBe(JSON_TYPE);
      expect(response.body).toEqual({
        id: target.id,
        email: target.email,
        roles: [Role.Admin],
        disabled: false,
        emailVerified: false,
        createdAt: TIMESTAMP,
      });
      expect(await stored(target.id)).toEqual(response.body);
      const current = await me(target.accessToken).expect(200);
      expect(current.body).toEqual({
        id: target.id,
        email: target.email,
        roles: [Role.Admin],
        emailVerified: false,
      });
    });

    it.each([
      ['an unknown role', { roles: ['superuser'] }, [UNKNOWN_ROLE]],
      ['an empty array', { roles: [] }, ['roles must contain at least 1 elements']],
      [
        'a repeated role',
        { roles: [Role.User, Role.User] },
        ["All roles's elements must be unique"],
      ],
      ['more roles than exist', { roles: [...ROLES, 'root'] }, [UNKNOWN_ROLE, TOO_MANY_ROLES]],
      [
        'a string instead of an array',
        { roles: Role.Admin },
        [
          "All roles's elements must be unique",
          TOO_MANY_ROLES,
          'roles must contain at least 1 elements',
          'roles must be an array',
        ],
      ],
      ['null', { roles: null }, ALL_ROLE_ERRORS],
      ['no roles', {}, ALL_ROLE_ERRORS],
    ])('refuses %s (400, errors on roles) and changes nothing', async (_case, body, messages) => {
      await expectRefused('roles', body, [{ field: 'roles', messages }]);
    });

    it('refuses unknown fields (400) and changes nothing', async () => {
      await expectRefused('roles', { roles: [Role.Admin], disabled: true }, [
        { field: 'disabled', messages: ['property disabled should not exist'] },
      ]);
    });

    it('answers 404 for an unknown user and 400 for a malformed id', async () => {
      const admin = await signInAdmin();
      const id = randomUUID();

      const missing = await setRoles(admin.accessToken, id, [Role.User]).expect(404);
      const malformed = await setRoles(admin.accessToken, 'nobody', [Role.User]).expect(400);

      expect(missing.headers['content-type']).toBe(PROBLEM_JSON);
      expect(missing.body).toEqual(userNotFound(`/admin/users/${id}/roles`));
      expect(malformed.headers['content-type']).toBe(PROBLEM_JSON);
      expect(malformed.body).toEqual(malformedId('/admin/users/nobody/roles'));
    });
  });

  describe('DELETE /admin/users/:id', () => {
    it('deletes a user with their sessions (204); a second delete is 404', async () => {
      const admin = await signInAdmin();
      const target = await signInShopper();

      await deleteUser(admin.accessToken, target.id).expect(204);

      const again = await deleteUser(admin.accessToken, target.id).expect(404);
      expect(again.headers['content-type']).toBe(PROBLEM_JSON);
      expect(again.body).toEqual(userNotFound(`/admin/users/${target.id}`));
    });

    it('answers 400 for a malformed id', async () => {
      const admin = await signInAdmin();
      const response = await deleteUser(admin.accessToken, 'abc').expect(400);
      expect(response.body).toEqual(malformedId('/admin/users/abc'));
    });
  });

  describe('PATCH /admin/users/:id/status', () => {
    it('disables (200) and re-enables (200) a user', async () => {
      const admin = await signInAdmin();
      const target = await signInShopper();
      const expected = (disabled: boolean) => ({
        id: target.id,
        email: target.email,
        roles: [Role.User],
        disabled,
        emailVerified: false,
        createdAt: TIMESTAMP,
      });

      const disabled = await setDisabled(admin.accessToken, target.id, true).expect(200);
      expect(disabled.headers['content-type']).toBe(JSON_TYPE);
      expect(disabled.body).toEqual(expected(true));
      expect(await stored(target.id)).toEqual(disabled.body);

      const enabled = await setDisabled(admin.accessToken, target.id, false).expect(200);
      expect(enabled.body).toEqual(expected(false));
      expect(await stored(target.id)).toEqual(enabled.body);
    });

    it.each([
      ['a string', { disabled: 'true' }, 'disabled', 'disabled must be a boolean value'],
      ['a number', { disabled: 1 }, 'disabled', 'disabled must be a boolean value'],
      ['null', { disabled: null }, 'disabled', 'disabled must be a boolean value'],
      ['no status', {}, 'disabled', 'disabled must be a boolean value'],
      [
        'an unknown field',
        { disabled: false, roles: [Role.Admin] },
        'roles',
        'property roles should not exist',
      ],
    ])('refuses %s (400) and changes nothing', async (_case, body, field, message) => {
      await expectRefused('status', body, [{ field, messages: [message] }]);
    });

    it('answers 404 for an unknown user and 400 for a malformed id', async () => {
      const admin = await signInAdmin();
      const id = randomUUID();

      const missing = await setDisabled(admin.accessToken, id, true).expect(404);
      const malformed = await setDisabled(admin.accessToken, '123', true).expect(400);

      expect(missing.headers['content-type']).toBe(PROBLEM_JSON);
      expect(missing.body).toEqual(userNotFound(`/admin/users/${id}/status`));
      expect(malformed.headers['content-type']).toBe(PROBLEM_JSON);
      expect(malformed.body).toEqual(malformedId('/admin/users/123/status'));
    });
  });

  describe('access decisions', () => {
    it('does not let a shopper promote themselves', async () => {
      const shopper = await signInShopper();
      const path = `/admin/users/${shopper.id}/roles`;

      const response = await setRoles(shopper.accessToken, shopper.id, [Role.Admin]).expect(403);

      expect(response.body).toEqual(adminRequired(path));
      const current = await me(shopper.accessToken).expect(200);
      expect(current.body).toEqual({
        id: shopper.id,
        email: shopper.email,
        roles: [Role.User],
        emailVerified: false,
      });
      const list = await listUsers(shopper.accessToken).expect(403);
      expect(list.body).toEqual(adminRequired('/admin/users'));
    });
  });

  describe('changes bind already-issued tokens at the next request', () => {
    it("a demoted admin's existing token gets 403 at once", async () => {
      const adminA = await signInAdmin();
      const adminB = await signInAdmin();
      // B's token is accepted before the change: it names B an admin.
      await listUsers(adminB.accessToken).expect(200);

      await setRoles(adminA.accessToken, adminB.id, [Role.User]).expect(200);

      const response = await listUsers(adminB.accessToken).expect(403);
      expect(response.headers['content-type']).toBe(PROBLEM_JSON);
      expect(response.body).toEqual(adminRequired('/admin/users'));
      const current = await me(adminB.accessToken).expect(200);
      expect(current.body).toEqual({
        id: adminB.id,
        email: adminB.email,
        roles: [Role.User],
        emailVerified: false,
      });
    });

    it("a promoted user's existing token passes at once", async () => {
      const admin = await signInAdmin();
      const shopper = await signInShopper();
      await listUsers(shopper.accessToken).expect(403);

      await setRoles(admin.accessToken, shopper.id, [Role.User, Role.Admin]).expect(200);

      const response = await listUsers(shopper.accessToken, { email: shopper.email }).expect(200);
      expect((response.body as PageBody<AdminUserBody>).items.map((u) => u.id)).toEqual([
        shopper.id,
      ]);
    });

    it("a disabled user's existing token gets 401 invalid_token, even on an admin route", async () => {
      const admin = await signInAdmin();
      const target: SignedInUser = await signInAdmin();
      await listUsers(target.accessToken).expect(200);

      await setDisabled(admin.accessToken, target.id, true).expect(200);

      for (const path of ['/admin/users', '/auth/me']) {
        const response = await http().get(path).set(bearer(target.accessToken));

        expect(response.status).toBe(401);
        expect(response.headers['content-type']).toBe(PROBLEM_JSON);
        expect(response.headers['www-authenticate']).toBe(invalidTokenChallenge(DISABLED_DETAIL));
        expect(response.body).toEqual(
          problem('token-invalid', 401, 'Unauthorized', DISABLED_DETAIL, path),
        );
      }
    });

    it("a disabled user's refresh token is refused", async () => {
      const admin = await signInAdmin();
      const target = await signInShopper();

      await setDisabled(admin.accessToken, target.id, true).expect(200);

      const response = await http()
        .post('/auth/refresh')
        .send({ refreshToken: target.refreshToken })
        .expect(401);
      expect(response.headers['content-type']).toBe(PROBLEM_JSON);
      expect(response.headers['www-authenticate']).toBe(CHALLENGE);
      expect(response.body).toEqual(
        problem(
          'credentials-refused',
          401,
          'Unauthorized',
          'The refresh token is invalid, expired or already used.',
          '/auth/refresh',
        ),
      );
    });

    it('a token signed after a demotion carries the new roles, and the old one keeps its 403', async () => {
      const admin = await signInAdmin();
      const target = await signInAdmin();
      expect(decode(target.accessToken).roles).toEqual([Role.User, Role.Admin]);

      await setRoles(admin.accessToken, target.id, [Role.User]).expect(200);

      const rotated = await refresh(target.refreshToken).expect(200);
      const { accessToken } = rotated.body as { accessToken: string };
      expect(decode(accessToken)).toMatchObject({ email: target.email, roles: [Role.User] });
      await listUsers(accessToken).expect(403);
      await listUsers(target.accessToken).expect(403);
    });

    it("a deleted user's access token gets 401 at once and their refresh token is refused", async () => {
      const admin = await signInAdmin();
      const target = await signInAdmin();
      await listUsers(target.accessToken).expect(200);

      const response = await deleteUser(admin.accessToken, target.id).expect(204);
      expect(response.text).toBe('');

      for (const path of ['/admin/users', '/auth/me']) {
        const refused = await http().get(path).set(bearer(target.accessToken)).expect(401);
        expect(refused.headers['www-authenticate']).toBe(invalidTokenChallenge(DISABLED_DETAIL));
        expect(refused.body).toEqual(
          problem('token-invalid', 401, 'Unauthorized', DISABLED_DETAIL, path),
        );
      }
      await refresh(target.refreshToken).expect(401);
      await login(target.email, PASSWORD).expect(401);
      expect(await app.get(UsersService).findById(target.id)).toBeUndefined();
    });

    it('a disabled user cannot log in (same 401 as a wrong password); re-enabled, they can', async () => {
      const admin = await signInAdmin();
      const target = await signInShopper();
      const refused = problem(
        'credentials-refused',
        401,
        'Unauthorized',
        'Invalid email or password.',
        '/auth/login',
      );

      await setDisabled(admin.accessToken, target.id, true).expect(200);

      const disabled = await login(target.email, PASSWORD).expect(401);
      const wrongPassword = await login(target.email, `${PASSWORD}-wrong`).expect(401);
      for (const response of [disabled, wrongPassword]) {
        expect(response.headers['content-type']).toBe(PROBLEM_JSON);
        expect(response.headers['www-authenticate']).toBe(CHALLENGE);
        expect(response.body).toEqual(refused);
      }

      await setDisabled(admin.accessToken, target.id, false).expect(200);

      const enabled = await login(target.email, PASSWORD).expect(200);
      expect(enabled.body).toEqual(TOKEN_PAIR);
      const current = await me((enabled.body as { accessToken: string }).accessToken).expect(200);
      expect(current.body).toEqual({
        id: target.id,
        email: target.email,
        roles: [Role.User],
        emailVerified: false,
      });
    });
  });

  describe('the last enabled admin', () => {
    it('cannot be demoted or disabled, so the service never locks itself out (409)', async () => {
      const users = app.get(UsersService);
      const last = await signInAdmin();
      const others = (await enabledAdmins()).filter((user) => user.id !== last.id);
      for (const other of others) await users.setDisabled(other.id, true);
      try {
        const demote = await setRoles(last.accessToken, last.id, [Role.User]).expect(409);
        expect(demote.body).toEqual(
          problem(
            'conflict',
            409,
            'Conflict',
            'This change would leave no enabled admin.',
            `/admin/users/${last.id}/roles`,
          ),
        );
        await setDisabled(last.accessToken, last.id, true).expect(409);
        const remove = await deleteUser(last.accessToken, last.id).expect(409);
        expect(remove.body).toEqual(
          problem(
            'conflict',
            409,
            'Conflict',
            'This change would leave no enabled admin.',
            `/admin/users/${last.id}`,
          ),
        );
        expect(await stored(last.id)).toMatchObject({
          roles: [Role.User, Role.Admin],
          disabled: false,
        });

        // With a second admin in place, the same change is allowed.
        const second = await signInAdmin();
        await setRoles(second.accessToken, last.id, [Role.User]).expect(200);
      } finally {
        for (const other of others) await users.setDisabled(other.id, false);
      }
    });
  });
});
