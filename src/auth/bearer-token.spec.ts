import { bearerTokenOf, MALFORMED_AUTHORIZATION, REPEATED_AUTHORIZATION } from './bearer-token.js';
import { InvalidTokenException } from './exceptions/invalid-token.exception.js';

/** A request as Fastify gives it: Node's parsed headers, and every header line in raw.rawHeaders. */
function fastifyRequest(...authorization: string[]) {
  const rawHeaders = ['host', 'localhost', ...authorization.flatMap((v) => ['Authorization', v])];
  return { headers: { authorization: authorization[0] }, raw: { rawHeaders } };
}

function refusalOf(action: () => unknown): InvalidTokenException {
  let thrown: unknown;
  try {
    action();
  } catch (error) {
    thrown = error;
  }
  expect(thrown).toBeInstanceOf(InvalidTokenException);
  return thrown as InvalidTokenException;
}

describe('bearerTokenOf', () => {
  it.each([
    ['Bearer abc.DEF-_~+/=', 'abc.DEF-_~+/='],
    ['bearer abc==', 'abc=='],
    ['BEARER   abc', 'abc'],
  ])('reads the token of %j', (header, token) => {
    expect(bearerTokenOf(fastifyRequest(header))).toBe(token);
  });

  it.each([['Bearer'], ['Bearer  '], ['Basic dXNlcjpwYXNz'], ['Bearerabc'], ['Token abc']])(
    'finds no bearer credentials in %j',
    (header) => {
      expect(bearerTokenOf(fastifyRequest(header))).toBeUndefined();
    },
  );

  it('finds none without an Authorization header', () => {
    expect(bearerTokenOf({ headers: {}, raw: { rawHeaders: ['host', 'localhost'] } })).toBe(
      undefined,
    );
  });

  it.each([['Bearer a b'], ['Bearer\tabc'], ['Bearer abc,'], ['Bearer "abc"'], ['Bearer a=b']])(
    'refuses %j as a malformed header',
    (header) => {
      expect(refusalOf(() => bearerTokenOf(fastifyRequest(header)))).toMatchObject({
        description: MALFORMED_AUTHORIZATION,
        auditReason: 'malformed_token',
      });
    },
  );

  it('refuses two Authorization header lines, whichever Node kept', () => {
    expect(
      refusalOf(() => bearerTokenOf(fastifyRequest('Bearer abc', 'Bearer abc'))),
    ).toMatchObject({ description: REPEATED_AUTHORIZATION, auditReason: 'malformed_token' });
  });

  it('reads the header lines of a Node request too (rawHeaders on the request itself)', () => {
    const request = {
      headers: { authorization: 'Bearer abc' },
      rawHeaders: ['authorization', 'Bearer abc', 'AUTHORIZATION', 'Basic x'],
    };
    expect(refusalOf(() => bearerTokenOf(request)).description).toBe(REPEATED_AUTHORIZATION);
    expect(bearerTokenOf({ headers: { authorization: 'Bearer abc' } })).toBe('abc');
  });

  it('refuses a header Node already split into an array', () => {
    const request = { headers: { authorization: ['Bearer abc', 'Bearer def'] } };
    expect(refusalOf(() => bearerTokenOf(request)).description).toBe(REPEATED_AUTHORIZATION);
  });
});
