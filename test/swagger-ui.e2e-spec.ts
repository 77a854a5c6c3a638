import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { type Browser, chromium, type Locator, type Page } from 'playwright-core';
import { Role } from '../src/auth/role.enum.js';
import { UsersService } from '../src/users/users.service.js';
import { createTestApp } from './support/test-app.js';
import { PASSWORD, uniqueEmail } from './support/users.js';

/** Debian's Chromium (`apt-get install chromium`); no browser is ever downloaded. */
const CHROMIUM = '/usr/bin/chromium';
const ARTIFACTS = join('.data', 'artifacts');
// Chromium maps this name to 127.0.0.1 but, unlike 127.0.0.1, does not trust it over plain HTTP.
const OTHER_HOST = 'swagger-ui.test';
const hasBrowser = existsSync(CHROMIUM);

if (!hasBrowser && process.env.REQUIRE_BROWSER === '1') {
  throw new Error(`REQUIRE_BROWSER=1 but ${CHROMIUM} does not exist (apt-get install chromium).`);
}
if (!hasBrowser) {
  process.emitWarning(
    `Swagger UI browser tests skipped: no ${CHROMIUM} (apt-get install chromium).`,
  );
}
const describeWithBrowser = hasBrowser ? describe : describe.skip;

// The sample modules' operations while they exist; the core ones after `npm run samples:remove`.
const SIGNED_IN_READ = existsSync('src/finance-dashboard')
  ? {
      path: '/finance/dashboard',
      body: { totals: expect.any(Object), budgets: [], nextCursor: null },
    }
  : { path: '/auth/me', body: expect.objectContaining({ roles: [Role.User] }) };
const ADMIN_OPERATION = existsSync('src/admin-products')
  ? { method: 'post', path: '/admin/products' }
  : { method: 'get', path: '/admin/users' };

interface LiveResponse {
  status: string;
  body: string;
  headers: string;
}

/** The operation block for `method path`, e.g. ('post', '/auth/login'). */
function operation(page: Page, method: string, path: string): Locator {
  return page
    .locator(`.opblock-${method}`)
    .filter({ has: page.locator(`.opblock-summary-path[data-path="${path}"]`) });
}

/** Expand, "Try it out", optionally replace the example body, Execute; read the rendered answer. */
async function tryItOut(block: Locator, body?: object): Promise<LiveResponse> {
  await block.locator('.opblock-summary-control').click();
  await block.getByRole('button', { name: 'Try it out' }).click();
  if (body) await block.locator('textarea.body-param__text').fill(JSON.stringify(body));
  await block.getByRole('button', { name: 'Execute' }).click();
  const row = block.locator('.live-responses-table tr.response');
  await row.waitFor();
  return {
    status: (await row.locator('.response-col_status').textContent()) ?? '',
    body: (await row.locator('.highlight-code pre').textContent()) ?? '',
    headers: (await row.locator('.headerline').allTextContents()).join('\n'),
  };
}

describeWithBrowser('Swagger UI in Chromium (e2e)', () => {
  let app: NestFastifyApplication | undefined;
  let browser: Browser;
  let page: Page;
  let url: URL;
  const email = uniqueEmail('shopper');
  const consoleErrors: string[] = [];
  const pageErrors: string[] = [];

  beforeAll(async () => {
    app = await createTestApp();
    await app.listen(0, '127.0.0.1');
    await app.get(UsersService).create(email, PASSWORD, [Role.User]);
    mkdirSync(ARTIFACTS, { recursive: true });

    browser = await chromium.launch({
      executablePath: CHROMIUM,
      timeout: 20_000,
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        `--host-resolver-rules=MAP ${OTHER_HOST} 127.0.0.1`,
      ],
    });
    page = await browser.newPage();
    page.setDefaultTimeout(15_000);
    page.on('console', (message) => {
      if (message.type() === 'error') consoleErrors.push(message.text());
    });
    page.on('pageerror', (error) => pageErrors.push(error.message));
    url = new URL('/docs', await app.getUrl());
    await page.goto(url.href);
    await operation(page, 'post', '/auth/login').waitFor();
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await app?.close();
  });

  it('logs in through the login operation and authorizes with the returned token', async () => {
    const login = await tryItOut(operation(page, 'post', '/auth/login'), {
      email,
      password: PASSWORD,
    });
    expect(login.status).toBe('200');
    const { accessToken } = JSON.parse(login.body) as { accessToken: string };
    expect(accessToken).toMatch(/^[\w-]+\.[\w-]+\.[\w-]+$/);

    await page.locator('.auth-wrapper .btn.authorize').click();
    const dialog = page.locator('.modal-ux');
    await dialog.locator('#auth-bearer-value').fill(accessToken);
    await dialog.getByRole('button', { name: 'Apply credentials' }).click();
    await dialog.getByRole('button', { name: 'Close' }).click();
    await dialog.waitFor({ state: 'detached' });
    await page.locator('.auth-wrapper .btn.authorize.locked').waitFor();
  });

  it(`runs GET ${SIGNED_IN_READ.path} with the bearer token: 200`, async () => {
    const read = await tryItOut(operation(page, 'get', SIGNED_IN_READ.path));
    expect(read.status).toBe('200');
    expect(JSON.parse(read.body)).toEqual(SIGNED_IN_READ.body);
    await page.screenshot({ path: join(ARTIFACTS, 'swagger-ui.png'), fullPage: true });
  });

  it('answers an admin operation with a 403 problem+json for the shopper', async () => {
    const block = operation(page, ADMIN_OPERATION.method, ADMIN_OPERATION.path);
    const create = await tryItOut(block);
    expect(create.status).toBe('403');
    expect(create.headers).toMatch(/content-type: application\/problem\+json/);
    expect(JSON.parse(create.body)).toMatchObject({ status: 403, title: 'Forbidden' });
    await block.screenshot({ path: join(ARTIFACTS, 'swagger-ui-403.png') });
  });

  it('loads over plain HTTP from a host that is not loopback (HOST=0.0.0.0, a container port)', async () => {
    const other = await browser.newPage();
    const failed: string[] = [];
    other.on('requestfailed', (request) =>
      failed.push(`${request.url()} ${request.failure()?.errorText}`),
    );
    await other.goto(`http://${OTHER_HOST}:${url.port}/docs`);
    expect(failed).toEqual([]);
    await operation(other, 'post', '/auth/login').waitFor();
    await other.close();
  });

  it('ran without a Content Security Policy violation or a page error', () => {
    expect(consoleErrors.filter((text) => /content security policy/i.test(text))).toEqual([]);
    expect(pageErrors).toEqual([]);
  });
});
