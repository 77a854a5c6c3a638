import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { Role } from '../src/auth/role.enum.js';
import { invalid, JSON_TYPE, problem, PROBLEM_JSON } from './support/problems.js';
import { createTestApp } from './support/test-app.js';
import { TOKEN_PAIR } from './support/tokens.js';
import { bearer, PASSWORD, signIn } from './support/users.js';

const INVISIBLE =
  'email must not contain invisible, spacing or control characters (such as a zero-width space or a bidi override)';
const MIXED =
  'email must not mix letters of different scripts (such as Latin and Cyrillic) in one dot-separated part';

/** A fresh address whose local part starts with an accented letter, in NFC and in NFD. */
function accentedEmail(): { nfc: string; nfd: string } {
  const nfc = `\u00e9lodie-${randomUUID()}@example.test`;
  return { nfc, nfd: nfc.normalize('NFD') };
}

/** Look-alikes of an address: the security review's cases, each refused with a 400. */
const LOOK_ALIKES = (local: string) => [
  ['a Cyrillic а among Latin letters', `\u0430${local}@example.test`, MIXED],
  ['a Greek ο in the domain', `${local}@ex\u03bfmple.test`, MIXED],
  ['a zero-width space', `${local}\u200b@example.test`, INVISIBLE],
  ['a right-to-left override', `${local}\u202e@example.test`, INVISIBLE],
  ['a left-to-right mark', `${local}@exam\u200eple.test`, INVISIBLE],
];

describe('Email normalisation (e2e)', () => {
  let app: NestFastifyApplication;
  const http = () => request(app.getHttpServer());
  const register = (email: string) =>
    http().post('/auth/register').send({ email, password: PASSWORD });
  const login = (email: string, password = PASSWORD) =>
    http().post('/auth/login').send({ email, password });

  beforeAll(async () => {
    app = await createTestApp();
  });

  afterAll(async () => {
    await app.close();
  });

  it.each(LOOK_ALIKES(`admin-${randomUUID()}`))(
    'POST /auth/register refuses %s with a 400 naming the field',
    async (_case, email, message) => {
      const response = await register(email).expect(400);
      expect(response.headers['content-type']).toBe(PROBLEM_JSON);
      expect(response.body).toEqual(
        invalid('/auth/register', [{ field: 'email', messages: [message] }]),
      );
    },
  );

  it('POST /auth/login answers a look-alike with the same 400, whether or not its twin exists', async () => {
    const local = `admin-${randomUUID()}`;
    await register(`${local}@example.test`).expect(201);
    for (const [, email, message] of [...LOOK_ALIKES(local), ...LOOK_ALIKES('nobody')]) {
      const response = await login(email).expect(400);
      expect(response.body).toEqual(
        invalid('/auth/login', [{ field: 'email', messages: [message] }]),
      );
    }
  });

  it('POST /auth/password/forgot answers a look-alike with the same 400, whether or not its twin exists', async () => {
    const local = `admin-${randomUUID()}`;
    await register(`${local}@example.test`).expect(201);
    for (const [, email, message] of [...LOOK_ALIKES(local), ...LOOK_ALIKES('nobody')]) {
      const response = await http().post('/auth/password/forgot').send({ email }).expect(400);
      expect(response.body).toEqual(
        invalid('/auth/password/forgot', [{ field: 'email', messages: [message] }]),
      );
    }
  });

  it('stores the NFC form of an NFD address, and answers 409 to the NFD form of a taken one', async () => {
    const { nfc, nfd } = accentedEmail();
    const created = await register(nfd).expect(201);
    expect(created.body).toEqual({ id: expect.any(String), email: nfc, roles: [Role.User] });

    const again = accentedEmail();
    await register(again.nfc).expect(201);
    const duplicate = await register(again.nfd).expect(409);
    expect(duplicate.headers['content-type']).toBe(PROBLEM_JSON);
    expect(duplicate.body).toEqual(
      problem(
        'conflict',
        409,
        'Conflict',
        'An account with this email already exists.',
        '/auth/register',
      ),
    );
  });

  it('answers 409 to the full-width and punycode forms of a taken address', async () => {
    const local = `ada-${randomUUID()}`;
    const created = await register(`${local}@B\u00dcCHER.test`).expect(201);
    expect(created.body.email).toBe(`${local}@b\u00fccher.test`);
    await register(`${local.toUpperCase()}@xn--bcher-kva.test`).expect(409);
    await register(`\uff41\uff44\uff41${local.slice(3)}@b\u00fccher.test`).expect(409);
  });

  it('POST /auth/login finds an account registered in NFC from its NFD form', async () => {
    const { nfc, nfd } = accentedEmail();
    await register(nfc).expect(201);
    const response = await login(nfd).expect(200);
    expect(response.headers['content-type']).toBe(JSON_TYPE);
    expect(response.body).toEqual(TOKEN_PAIR);
    await login(nfd, `${PASSWORD}-wrong`).expect(401);
  });

  it('GET /admin/users matches an email prefix in NFD or full width against the stored NFC', async () => {
    const admin = await signIn(app, [Role.User, Role.Admin]);
    const { nfc, nfd } = accentedEmail();
    const { body: user } = await register(nfc).expect(201);
    const prefix = (form: string) => form.slice(0, form.indexOf('@'));
    for (const email of [prefix(nfd), prefix(nfc).toUpperCase().replace('L', '\uff2c')]) {
      const response = await http()
        .get('/admin/users')
        .query({ email })
        .set(bearer(admin.accessToken))
        .expect(200);
      expect(response.body.items.map((item: { id: string }) => item.id)).toEqual([user.id]);
    }
  });
});
