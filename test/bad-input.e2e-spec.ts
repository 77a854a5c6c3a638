import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import request from 'supertest';
import { invalid, problem, PROBLEM_JSON } from './support/problems.js';
import { createTestApp } from './support/test-app.js';
import { bearer, signIn } from './support/users.js';

describe('Bad input gets a 4xx problem, never a 500 (e2e)', () => {
  let app: NestFastifyApplication;
  let accessToken: string;
  const http = () => request(app.getHttpServer());

  beforeAll(async () => {
    app = await createTestApp();
    ({ accessToken } = await signIn(app));
  });

  afterAll(async () => {
    await app.close();
  });

  it('malformed JSON → 400', async () => {
    const response = await http()
      .post('/finance/budgets')
      .set(bearer(accessToken))
      .set('content-type', 'application/json')
      .send('{"name": "Groceries",')
      .expect(400);
    expect(response.headers['content-type']).toBe(PROBLEM_JSON);
    expect(response.body).toEqual(
      problem(400, 'Bad Request', expect.stringContaining('not valid JSON'), '/finance/budgets'),
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
      problem(413, 'Payload Too Large', 'Request body is too large', '/auth/register'),
    );
  });

  it('an unknown route → 404', async () => {
    const response = await http().get('/no/such/route').expect(404);
    expect(response.headers['content-type']).toBe(PROBLEM_JSON);
    expect(response.body).toEqual(
      problem(404, 'Not Found', 'Cannot GET /no/such/route', '/no/such/route'),
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

  it.each([
    ['an array', '[]'],
    ['null', 'null'],
    ['a string', '"hello"'],
    ['a number', '42'],
    ['deep nesting', `${'{"a":'.repeat(500)}1${'}'.repeat(500)}`],
    ['very deep nesting', `{"email":${'{"a":'.repeat(100_000)}1${'}'.repeat(100_000)}}`],
    ['very deep arrays', `{"email":${'['.repeat(300_000)}${']'.repeat(300_000)}}`],
    [
      'a __proto__ key',
      '{"__proto__": {"admin": true}, "email": "a@example.com", "password": "12345678"}',
    ],
    ['a constructor key', '{"constructor": {"prototype": {"admin": true}}}'],
  ])('a JSON body that is %s → 400', async (_case, body) => {
    const response = await http()
      .post('/auth/register')
      .set('content-type', 'application/json')
      .send(body)
      .expect(400);
    expect(response.headers['content-type']).toBe(PROBLEM_JSON);
    expect(response.body).toMatchObject({ type: 'about:blank', title: 'Bad Request', status: 400 });
    expect(({} as Record<string, unknown>).admin).toBeUndefined();
  });

  it.each([
    ['a float', 12.5],
    ['a huge number', 1e308],
    ['a number beyond 2^53', 2 ** 53 + 2],
    ['a numeric string', '100'],
    ['a negative amount', -1],
    ['an object', { cents: 1 }],
    ['null', null],
  ])('limitCents as %s → 400 naming the field', async (_case, limitCents) => {
    const response = await http()
      .post('/finance/budgets')
      .set(bearer(accessToken))
      .send({ name: 'Groceries', limitCents })
      .expect(400);
    expect(response.body.errors).toEqual([{ field: 'limitCents', messages: expect.any(Array) }]);
  });

  it('names every invalid field at once', async () => {
    const response = await http()
      .post('/finance/budgets')
      .set(bearer(accessToken))
      .send({ name: '', limitCents: 'lots', owner: 'someone-else' })
      .expect(400);
    expect(response.body.errors.map((e: { field: string }) => e.field).sort()).toEqual([
      'limitCents',
      'name',
      'owner',
    ]);
  });

  it('stores unicode text as sent', async () => {
    const created = await http()
      .post('/finance/budgets')
      .set(bearer(accessToken))
      .send({ name: 'Café ☕ 🍰 \u202e', limitCents: 100 })
      .expect(201);
    expect(created.body.name).toBe('Café ☕ 🍰 \u202e');
  });

  it.each([
    ['/finance/budgets', { name: 'a\u0000b', limitCents: 100 }, 'name'],
    ['/auth/register', { email: 'a@example.com', password: 'pass\u0000word' }, 'password'],
  ])('a NUL character in a string field of %s → 400 naming it', async (path, body, field) => {
    const response = await http().post(path).set(bearer(accessToken)).send(body).expect(400);
    expect(response.body).toEqual(
      invalid(path, [{ field, messages: [`${field} must not contain NUL characters`] }]),
    );
  });

  it.each(['not-a-uuid', '1', "1' OR '1'='1", '%00', '..%2F..%2Fetc'])(
    'a malformed id %p → 400',
    async (id) => {
      const response = await http()
        .get(`/finance/budgets/${id}`)
        .set(bearer(accessToken))
        .expect(400);
      expect(response.headers['content-type']).toBe(PROBLEM_JSON);
    },
  );
});
