import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import fc from 'fast-check';
import { Role } from '../src/auth/role.enum.js';
import { badAuthorizationHeaders } from './support/fuzz/authorization-headers.js';
import { centsLike, jsonBodies } from './support/fuzz/bodies.js';
import { checkNoPollution, must } from './support/fuzz/checks.js';
import { fuzzClient, type FuzzClient, mineOr404, type Target } from './support/fuzz/client.js';
import { isRecord } from './support/fuzz/json.js';
import { has, isCents, isText, onlyKeys, wellFormed } from './support/fuzz/oracles.js';
import { pathIds } from './support/fuzz/path-ids.js';
import { textLike } from './support/fuzz/values.js';
import { PROBLEM_JSON } from './support/problems.js';
import { createTestApp } from './support/test-app.js';
import { signIn, type SignedInUser } from './support/users.js';

const MAX_PRICE_CENTS = 100_000_000;

const ON_PGLITE = !process.env.E2E_DATABASE_URL;

/**
 * Whether the database gave back the text that was sent. KNOWN BUG (PGlite only; pinned below):
 * a leading U+FEFF is lost, as PGlite decodes text with a BOM-stripping TextDecoder.
 */
const storedAs = (sent: string, stored: unknown) =>
  stored === wellFormed(sent) || (ON_PGLITE && stored === wellFormed(sent).replace(/^\ufeff/, ''));

/* Property-based fuzzing of the product catalogue and its admin routes (see ./support/fuzz/client.ts). */
describe('Fuzzing the products with fast-check (e2e)', () => {
  let app: NestFastifyApplication;
  let fuzz: FuzzClient;
  let admin: SignedInUser;
  let shopper: SignedInUser;
  let fuzzProductId: string;
  let victimProductId: string;
  let victimSnapshot: string[];

  /** The product no request may change, as the raw bytes the API answers. */
  async function snapshotVictim(): Promise<string[]> {
    const answer = await fuzz.call('GET', `/products/${victimProductId}`);
    must(answer.status === 200, 'the victim product is gone', answer);
    return [answer.text];
  }

  beforeAll(async () => {
    app = await createTestApp();
    fuzz = fuzzClient(app);
    [admin, shopper] = await Promise.all([signIn(app, [Role.User, Role.Admin]), signIn(app)]);
    victimProductId = await fuzz.created('POST', '/admin/products', admin.accessToken, {
      name: 'Victim product',
      priceCents: 4_200,
      description: 'Must never change.',
    });
    fuzzProductId = await fuzz.created('POST', '/admin/products', admin.accessToken, {
      name: 'Fuzzed',
      priceCents: 1,
    });
    victimSnapshot = await snapshotVictim();
  });

  afterAll(async () => {
    await app.close();
  });

  it('answers 401 with a Bearer challenge to every bad or forged Authorization header', async () => {
    await fuzz.fuzzAuthorization(
      badAuthorizationHeaders([shopper, admin]),
      [{ method: 'POST', url: '/admin/products', body: { name: 'Tamper', priceCents: 2_900 } }],
      200,
    );
  });

  const productFields = () => ({
    name: textLike(200),
    priceCents: centsLike(0, MAX_PRICE_CENTS),
    description: fc.oneof(textLike(2000), fc.constant(null)),
  });
  const isDescription = (value: unknown) => value === null || isText(value, 0, 2000, false);
  const answersProduct = (input: Record<string, unknown>, output: Record<string, unknown>) =>
    (!has(input, 'name') || output.name === wellFormed(String(input.name).trim())) &&
    (!has(input, 'priceCents') || output.priceCents === input.priceCents) &&
    (!has(input, 'description') ||
      (typeof input.description === 'string'
        ? storedAs(input.description, output.description)
        : output.description === null)) &&
    isCents(output.priceCents, 0, MAX_PRICE_CENTS) &&
    typeof output.name === 'string';

  it('POST /admin/products: 201 exactly for a valid product', async () => {
    const isValid = (input: unknown) =>
      isRecord(input) &&
      onlyKeys(input, ['name', 'priceCents', 'description']) &&
      isText(input.name, 1, 200, true) &&
      isCents(input.priceCents, 0, MAX_PRICE_CENTS) &&
      (!has(input, 'description') || isDescription(input.description));
    await fuzz.fuzzBodies(
      {
        method: 'POST',
        url: () => '/admin/products',
        token: admin.accessToken,
        bodies: jsonBodies(productFields()),
        isValid,
        whenValid: () => [201],
        whenInvalid: [400],
        checkSuccess: (input, output) =>
          answersProduct(input, output) &&
          (has(input, 'description') || output.description === null),
      },
      200,
    );
  });

  it('PATCH /admin/products/:id: 200 only for an existing product and a valid change', async () => {
    const isValid = (input: unknown) =>
      isRecord(input) &&
      onlyKeys(input, ['name', 'priceCents', 'description']) &&
      (!has(input, 'name') || isText(input.name, 1, 200, true)) &&
      (!has(input, 'priceCents') || isCents(input.priceCents, 0, MAX_PRICE_CENTS)) &&
      (!has(input, 'description') || isDescription(input.description));
    await fuzz.fuzzBodies(
      {
        method: 'PATCH',
        url: (target) => `/admin/products/${target.id}`,
        targets: fc.oneof(
          { weight: 3, arbitrary: fc.constant<Target>({ id: fuzzProductId, kind: 'mine' }) },
          { weight: 1, arbitrary: fc.uuid().map((id): Target => ({ id, kind: 'unknown' })) },
        ),
        token: admin.accessToken,
        bodies: jsonBodies(productFields()),
        isValid,
        whenValid: (target) => mineOr404(target, 200),
        whenInvalid: [400],
        checkSuccess: (input, output, target) =>
          output.id === target.id && answersProduct(input, output),
      },
      200,
    );
  });

  it('GET /products: a page exactly for a valid limit and a cursor of the catalogue, else 400', async () => {
    const products = await fuzz.cursorOf('/products');
    const users = await fuzz.cursorOf('/admin/users', admin.accessToken);
    await fuzz.fuzzPageQueries([{ url: '/products', valid: [products], others: [users] }], 200);
  });

  it('never answers 5xx to a path id, nor 2xx to an unknown one', async () => {
    await fuzz.fuzzPathIds(
      [
        { method: 'GET', url: (id) => `/products/${id}`, foreign: [] },
        {
          method: 'PATCH',
          url: (id) => `/admin/products/${id}`,
          token: admin.accessToken,
          body: { name: 'Hijacked' },
          foreign: [],
        },
        {
          method: 'DELETE',
          url: (id) => `/admin/products/${id}`,
          token: admin.accessToken,
          foreign: [],
        },
      ],
      pathIds(),
      200,
    );
  });

  // -------------------------------------------------------------------------------------------
  // Regression tests for what the properties above found (each answered 500, 200 or plain JSON).

  it.each([
    ['a malformed percent-encoding (400)', '/products/%ZZ'],
    ['an id over 100 characters (414)', `/products/${'a'.repeat(101)}`],
  ])('the router answers %s with problem+json', async (_label, url) => {
    const answer = await fuzz.call('GET', url);
    expect(answer.status).toBeLessThan(500);
    expect(answer.headers['content-type']).toBe(PROBLEM_JSON);
  });

  // KNOWN BUG on PGlite only (expected to fail there; passes on PostgreSQL).
  (ON_PGLITE ? it.failing : it)('keeps a leading U+FEFF in stored text', async () => {
    const description = '\ufeffByte order mark first';
    const answer = await fuzz.call('POST', '/admin/products', admin.accessToken, {
      name: 'BOM',
      priceCents: 1,
      description,
    });
    const { id } = JSON.parse(answer.text) as { id: string };
    const stored = await fuzz.call('GET', `/products/${id}`);
    const storedDescription = (JSON.parse(stored.text) as { description: unknown }).description;
    if (storedDescription !== description) {
      throw new Error(
        `stored ${JSON.stringify(storedDescription)}, sent ${JSON.stringify(description)}`,
      );
    }
  });

  it('left the victim’s data and Object.prototype untouched', async () => {
    checkNoPollution();
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(await snapshotVictim()).toEqual(victimSnapshot);
  });
});
