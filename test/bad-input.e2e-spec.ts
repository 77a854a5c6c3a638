import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { Role } from '../src/auth/role.enum.js';
import { invalid, problem, PROBLEM_JSON, problemType } from './support/problems.js';
import { createTestApp } from './support/test-app.js';
import { bearer, signIn, type SignedInUser } from './support/users.js';

describe('Bad input gets a 4xx problem, never a 500 (e2e)', () => {
  let app: NestFastifyApplication;
  let admin: SignedInUser;
  /** A user whose status and roles the admin requests below would change, were they accepted. */
  let target: SignedInUser;
  const http = () => request(app.getHttpServer());
  const statusPath = () => `/admin/users/${target.id}/status`;

  beforeAll(async () => {
    app = await createTestApp();
    [admin, target] = await Promise.all([signIn(app, [Role.User, Role.Admin]), signIn(app)]);
  });

  afterAll(async () => {
    await app.close();
  });

  it('malformed JSON → 400', async () => {
    const response = await http()
      .patch(statusPath())
      .set(bearer(admin.accessToken))
      .set('content-type', 'application/json')
      .send('{"disabled": true,')
      .expect(400);
    expect(response.headers['content-type']).toBe(PROBLEM_JSON);
    expect(response.body).toEqual(
      problem(
        'malformed-request',
        400,
        'Bad Request',
        expect.stringContaining('not valid JSON'),
        statusPath(),
      ),
    );
  });

  it('a body over 1 MB → 413', async () => {
    const response = await http()
      .post('/auth/register')
      .set('content-type', 'application/json')
      .send(JSON.stringify({ email: 'a@example.com', password: 'x'.repeat(1024 * 1024) }))
      .expect(413);
    expect(response.headers['content-type']).toBe(PROBLEM_JSON);
    expect(response.body).toEqual(
      problem(
        'payload-too-large',
        413,
        'Payload Too Large',
        'Request body is too large',
        '/auth/register',
      ),
    );
  });

  it('an unknown route → 404', async () => {
    const response = await http().get('/no/such/route').expect(404);
    expect(response.headers['content-type']).toBe(PROBLEM_JSON);
    expect(response.body).toEqual(
      problem('not-found', 404, 'Not Found', 'Cannot GET /no/such/route', '/no/such/route'),
    );
  });

  it('an unsupported content type → 415', async () => {
    const response = await http()
      .post('/auth/login')
      .set('content-type', 'application/xml')
      .send('<login/>')
      .expect(415);
    expect(response.headers['content-type']).toBe(PROBLEM_JSON);
    expect(response.body.status).toBe(415);
  });

  // Fastify's parser refuses a JSON that it will not build (a prototype key); what parses is validated.
  it.each([
    ['an array', '[]', 'validation-failed'],
    ['null', 'null', 'validation-failed'],
    ['a string', '"hello"', 'validation-failed'],
    ['a number', '42', 'validation-failed'],
    ['deep nesting', `${'{"a":'.repeat(500)}1${'}'.repeat(500)}`, 'validation-failed'],
    [
      'very deep nesting',
      `{"email":${'{"a":'.repeat(100_000)}1${'}'.repeat(100_000)}}`,
      'validation-failed',
    ],
    [
      'very deep arrays',
      `{"email":${'['.repeat(300_000)}${']'.repeat(300_000)}}`,
      'validation-failed',
    ],
    [
      'a __proto__ key',
      '{"__proto__": {"admin": true}, "email": "a@example.com", "password": "12345678"}',
      'malformed-request',
    ],
    ['a constructor key', '{"constructor": {"prototype": {"admin": true}}}', 'malformed-request'],
  ] as const)('a JSON body that is %s → 400', async (_case, body, type) => {
    const response = await http()
      .post('/auth/register')
      .set('content-type', 'application/json')
      .send(body)
      .expect(400);
    expect(response.headers['content-type']).toBe(PROBLEM_JSON);
    expect(response.body).toMatchObject({
      type: problemType(type),
      title: 'Bad Request',
      status: 400,
    });
    expect(({} as Record<string, unknown>).admin).toBeUndefined();
  });

  it.each([
    ['a string', 'true'],
    ['a number', 1],
    ['null', null],
    ['an object', { value: true }],
    ['an array', [true]],
  ])('disabled as %s → 400 naming the field, and changes nothing', async (_case, disabled) => {
    const response = await http()
      .patch(statusPath())
      .set(bearer(admin.accessToken))
      .send({ disabled })
      .expect(400);
    expect(response.body).toEqual(
      invalid(statusPath(), [
        { field: 'disabled', messages: ['disabled must be a boolean value'] },
      ]),
    );
    await http().get('/auth/me').set(bearer(target.accessToken)).expect(200);
  });

  it('names every invalid field at once', async () => {
    const response = await http()
      .post('/auth/register')
      .send({ email: 'not-an-email', password: 'short', owner: 'someone-else' })
      .expect(400);
    expect(response.body.errors.map((e: { field: string }) => e.field).sort()).toEqual([
      'email',
      'owner',
      'password',
    ]);
  });

  it('stores unicode text as sent', async () => {
    // A bidi control is refused in an email (email-normalisation.e2e-spec.ts), not in a password.
    const email = `café-☕-${randomUUID()}@example.test`;
    const password = 'Café ☕ 🍰 \u202e';
    const created = await http().post('/auth/register').send({ email, password }).expect(201);
    expect(created.body.email).toBe(email);
    const login = await http().post('/auth/login').send({ email, password }).expect(200);
    const me = await http().get('/auth/me').set(bearer(login.body.accessToken)).expect(200);
    expect(me.body.email).toBe(email);
  });

  interface NulCase {
    route: string;
    method: 'post' | 'patch';
    path: () => string;
    body: object;
    field: string;
  }
  it.each<NulCase>([
    {
      route: 'POST /auth/register',
      method: 'post',
      path: () => '/auth/register',
      body: { email: 'a@example.com', password: 'pass\u0000word' },
      field: 'password',
    },
    {
      route: 'PATCH /admin/users/:id/roles',
      method: 'patch',
      path: () => `/admin/users/${target.id}/roles`,
      body: { roles: ['ad\u0000min'] },
      field: 'roles.0',
    },
  ])(
    'a NUL character in a string field of $route → 400 naming it',
    async ({ method, path, body, field }) => {
      const response = await http()
        [method](path())
        .set(bearer(admin.accessToken))
        .send(body)
        .expect(400);
      expect(response.body).toEqual(
        invalid(path(), [{ field, messages: [`${field} must not contain NUL characters`] }]),
      );
    },
  );

  it.each(['not-a-uuid', '1', "1' OR '1'='1", '%00', '..%2F..%2Fetc'])(
    'a malformed id %p → 400',
    async (id) => {
      const response = await http()
        .patch(`/admin/users/${id}/status`)
        .set(bearer(admin.accessToken))
        .send({ disabled: true })
        .expect(400);
      expect(response.headers['content-type']).toBe(PROBLEM_JSON);
    },
  );
});
