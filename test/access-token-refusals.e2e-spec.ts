import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { type AccessDeniedEvent, AuditLog } from '../src/audit/audit-log.js';
import {
  CHALLENGE,
  invalidTokenChallenge,
  problem,
  PROBLEM_JSON,
  unauthenticated,
} from './support/problems.js';
import { createTestApp } from './support/test-app.js';
import { accessClaims, decode, HS256_HEADER, signJws } from './support/tokens.js';
import { bearer, signIn } from './support/users.js';

const MALFORMED = 'The access token is malformed.';
const CRITICAL =
  'The access token has critical header parameters this service does not understand.';
const TOO_LONG = 'The access token lives longer than this service issues tokens for.';
const NOT_YET_VALID = 'The access token is not valid yet.';
const BAD_SIGNATURE = 'The access token signature is invalid.';
const MALFORMED_HEADER =
  'The Authorization header is malformed: send the Bearer scheme, one or more spaces and the token.';
const REPEATED_HEADER = 'The request carries more than one Authorization header.';

const DAY = 86_400;
const now = () => Math.floor(Date.now() / 1000);
/** A token signed with the real key over exactly this payload text. */
const signed = (payload: string | Buffer) => signJws(HS256_HEADER, payload);
const claims = (overrides: Record<string, unknown> = {}) => JSON.stringify(accessClaims(overrides));

/*
 * Tokens signed with the real key that the service never issues, and Authorization headers that
 * are not exactly one `Bearer <token>`: each is a 401 invalid_token with its audit reason, where it
 * used to be a 500, a bare challenge or a 200. The fuzz spec checks the general rule.
 */
describe('Refused access tokens and Authorization headers (e2e)', () => {
  let app: NestFastifyApplication;
  let events: AccessDeniedEvent[];
  const me = () => request(app.getHttpServer()).get('/auth/me');

  beforeAll(async () => {
    app = await createTestApp();
    const auditLog = app.get(AuditLog);
    jest.spyOn(auditLog, 'accessDenied').mockImplementation((event) => void events.push(event));
  });

  beforeEach(() => {
    events = [];
  });

  afterAll(async () => {
    await app.close();
  });

  async function expectInvalidToken(
    response: request.Response,
    description: string,
    reason: string,
  ): Promise<void> {
    expect(response.status).toBe(401);
    expect(response.headers['www-authenticate']).toBe(invalidTokenChallenge(description));
    expect(response.headers['content-type']).toBe(PROBLEM_JSON);
    expect(response.body).toEqual(
      problem('token-invalid', 401, 'Unauthorized', description, '/auth/me'),
    );
    expect(events.map((event) => event.reason)).toEqual([reason]);
  }

  it('accepts a token signed over the baseline claims (each case below changes one thing)', async () => {
    const payload = accessClaims();
    const response = await me()
      .set(bearer(signed(JSON.stringify(payload))))
      .expect(200);
    expect(response.body).toEqual({
      id: payload.sub,
      email: payload.email,
      roles: payload.roles,
      emailVerified: false,
    });
  });

  describe('a validly signed payload that is not a claims object', () => {
    it.each([
      ['JSON null', 'null'], // was a 500: "Cannot read properties of null (reading 'nbf')"
      ['a JSON array', '[]'],
      ['a JSON number', '42'],
      ['a JSON string', '"claims"'],
      ['JSON true', 'true'],
      ['not JSON', '{broken'], // was the bare challenge, audited as missing_token
      ['not UTF-8', Buffer.from([0x7b, 0x22, 0xff, 0x22, 0x3a, 0x31, 0x7d])],
      ['a byte order mark before the JSON', `\ufeff${claims()}`],
    ])('%s: 401 invalid_token, malformed_token', async (_case, payload) => {
      await expectInvalidToken(
        await me().set(bearer(signed(payload))),
        MALFORMED,
        'malformed_token',
      );
    });

    it("the reviewer's token: the segment e2Jyb2tlbg (`{broken`) under the real signature", async () => {
      const token = signed('{broken');
      expect(token.split('.').slice(0, 2)).toEqual([
        'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9',
        'e2Jyb2tlbg',
      ]);
      await expectInvalidToken(await me().set(bearer(token)), MALFORMED, 'malformed_token');
    });

    it('the same segment under a forged signature: invalid_token, bad_signature', async () => {
      const token = 'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.e2Jyb2tlbg.c2lnbmF0dXJl';
      await expectInvalidToken(await me().set(bearer(token)), BAD_SIGNATURE, 'bad_signature');
    });
  });

  describe('a critical header parameter (RFC 7515 §4.1.11: the service understands none)', () => {
    it.each([
      ['{"alg":"HS256","crit":["x-unknown"],"x-unknown":true}'],
      ['{"alg":"HS256","typ":"JWT","crit":["exp"]}'],
      ['{"alg":"HS256","crit":[]}'],
    ])('%s: 401 invalid_token', async (header) => {
      const token = signJws(header, claims());
      await expectInvalidToken(await me().set(bearer(token)), CRITICAL, 'malformed_token');
    });
  });

  describe('claims the service never issues', () => {
    // Each case's times are offsets from one reading of the clock, `t`.
    const cases: [string, (t: number) => Record<string, unknown>, string][] = [
      ['no exp', () => ({ exp: undefined }), MALFORMED],
      ['an exp that is a string', (t) => ({ exp: String(t + 900) }), MALFORMED],
      ['no iat', () => ({ iat: undefined }), MALFORMED],
      ['an iat that is not a whole number', (t) => ({ iat: t + 0.5 }), MALFORMED],
      ['a lifetime of ten years', (t) => ({ exp: t + 3650 * DAY }), TOO_LONG],
      ['a lifetime of JWT_ACCESS_TTL + tolerance + 1 s', (t) => ({ exp: t + 906 }), TOO_LONG],
      [
        'an iat a year ahead',
        (t) => ({ iat: t + 365 * DAY, exp: t + 365 * DAY + 900 }),
        NOT_YET_VALID,
      ],
      ['an iat 60 s ahead', (t) => ({ iat: t + 60, exp: t + 960 }), NOT_YET_VALID],
      ['a sub in upper case', () => ({ sub: randomUUID().toUpperCase() }), MALFORMED],
      ['a sid in upper case', () => ({ sid: randomUUID().toUpperCase() }), MALFORMED],
    ];
    const signedAt = (overrides: (t: number) => Record<string, unknown>) => {
      const t = now();
      return signed(claims({ iat: t, exp: t + 900, ...overrides(t) }));
    };

    it.each(cases)('%s: 401 invalid_token', async (_case, overrides, description) => {
      const response = await me().set(bearer(signedAt(overrides)));
      await expectInvalidToken(response, description, 'malformed_token');
    });

    it('accepts the limits: a lifetime of JWT_ACCESS_TTL + tolerance, an iat 2 s ahead', async () => {
      await me()
        .set(bearer(signedAt((t) => ({ exp: t + 905 }))))
        .expect(200);
      await me()
        .set(bearer(signedAt((t) => ({ iat: t + 2, exp: t + 902 }))))
        .expect(200);
    });

    it('an upper-case copy of a logged-out session id does not slip past the revocation', async () => {
      const user = await signIn(app);
      await me().set(bearer(user.accessToken)).expect(200);
      await request(app.getHttpServer())
        .post('/auth/logout')
        .set(bearer(user.accessToken))
        .expect(204);
      const { sid, sub, email, roles } = decode(user.accessToken);
      const token = signed(claims({ sid: (sid as string).toUpperCase(), sub, email, roles }));
      events = [];
      await expectInvalidToken(await me().set(bearer(token)), MALFORMED, 'malformed_token');
    });
  });

  describe('the Authorization header: exactly one, `Bearer <b64token>` (RFC 6750 §2.1)', () => {
    let token: string;

    beforeAll(async () => {
      token = (await signIn(app)).accessToken;
    });

    it.each([
      ['the scheme in lower case', (t: string) => `bearer ${t}`],
      ['the scheme in upper case, three spaces', (t: string) => `BEARER   ${t}`],
    ])('accepts %s', async (_case, header) => {
      await me().set('authorization', header(token)).expect(200);
    });

    it.each([
      ['a token then junk', (t: string) => `Bearer ${t} junk`],
      ['two tokens', (t: string) => `Bearer ${t} ${t}`],
      ['a comma after the token', (t: string) => `Bearer ${t},`],
      ['a tab instead of a space', (t: string) => `Bearer\t${t}`],
      ['a character outside b64token', (t: string) => `Bearer ${t}!`],
      ['a quoted token', (t: string) => `Bearer "${t}"`],
    ])('%s: 401 invalid_token', async (_case, header) => {
      const response = await me().set('authorization', header(token));
      await expectInvalidToken(response, MALFORMED_HEADER, 'malformed_token');
    });

    it.each([
      ['a genuine token first', (t: string) => [`Bearer ${t}`, 'Bearer junk']],
      ['a genuine token second', (t: string) => ['Basic dXNlcjpwYXNz', `Bearer ${t}`]],
      ['the same genuine header twice', (t: string) => [`Bearer ${t}`, `Bearer ${t}`]],
    ])('two Authorization headers, %s: 401 invalid_token', async (_case, headers) => {
      // superagent sends an array as one header line per value; its types admit that for Cookie only.
      const response = await me().set('authorization', headers(token) as unknown as string);
      await expectInvalidToken(response, REPEATED_HEADER, 'malformed_token');
    });

    it.each([
      ['"Bearer" alone', 'Bearer'],
      ['another scheme', 'Basic dXNlcjpwYXNz'],
      ['a scheme that only starts with Bearer', 'Bearerx abc'],
    ])('%s: no bearer token was presented, the bare challenge', async (_case, header) => {
      const response = await me().set('authorization', header).expect(401);
      expect(response.headers['www-authenticate']).toBe(CHALLENGE);
      expect(response.body).toEqual(unauthenticated('/auth/me'));
      expect(events.map((event) => event.reason)).toEqual(['missing_token']);
    });
  });
});
