import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { freePort, ServiceBuild } from './support/service-process.js';
import { uniqueEmail } from './support/users.js';

const postJson = (url: string, body: object) =>
  fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });

describe('Starting and stopping the built service', () => {
  const build = new ServiceBuild();
  const dataDir = mkdtempSync(join(tmpdir(), 'starter-data-'));
  let port: string;
  let baseUrl: string;
  let devEnv: Record<string, string>;

  beforeAll(async () => {
    port = String(await freePort());
    baseUrl = `http://127.0.0.1:${port}`;
    devEnv = { NODE_ENV: 'development', PORT: port, HOST: '127.0.0.1', PGLITE_DATA_DIR: dataDir };
    build.compile();
  }, 120_000);

  afterAll(() => {
    rmSync(dataDir, { recursive: true, force: true });
    build.remove();
  });

  it.each([
    ['a missing JWT_SECRET', {}],
    ['a JWT_SECRET shorter than 32 bytes', { JWT_SECRET: 'too-short' }],
  ])('refuses to start in production with %s, naming it', async (_case, secret) => {
    const service = build.start({
      NODE_ENV: 'production',
      PORT: port,
      PGLITE_DATA_DIR: 'memory://',
      ...secret,
    });
    expect(await service.exit()).not.toBe(0);
    expect(service.output()).toContain('JWT_SECRET');
  });

  it('refuses to start in production without SMTP_URL, naming it', async () => {
    const service = build.start({
      NODE_ENV: 'production',
      PORT: port,
      PGLITE_DATA_DIR: 'memory://',
      JWT_SECRET: 'a-production-secret-of-32-bytes-or-more',
    });
    expect(await service.exit()).not.toBe(0);
    expect(service.output()).toContain('SMTP_URL is required in production');
  });

  it.each([
    [
      'PostgreSQL',
      'DATABASE_URL',
      'postgres://postgres@127.0.0.1:{port}/test',
      'Cannot connect to or migrate the PostgreSQL database at postgres://postgres@127.0.0.1:{port}/test',
    ],
    [
      'Redis',
      'REDIS_URL',
      'redis://127.0.0.1:{port}',
      'Cannot connect to Redis at redis://127.0.0.1:{port}',
    ],
  ])(
    'stops with a clear message when %s cannot be reached at start',
    async (_name, variable, url, message) => {
      const closedPort = String(await freePort()); // nothing listens there
      const service = build.start({
        ...devEnv,
        PGLITE_DATA_DIR: 'memory://',
        [variable]: url.replace('{port}', closedPort),
      });
      expect(await service.exit()).toBe(1);
      expect(service.output()).toContain(message.replace('{port}', closedPort));
    },
  );

  it('seeds demo data on an empty embedded database, stops on SIGTERM, and keeps data across a restart', async () => {
    const first = build.start(devEnv);
    await first.waitUntilHealthy(baseUrl);
    expect(first.output()).toContain('Seeded demo accounts admin@example.com and user@example.com');
    // Off a terminal the log is JSON lines, every one of them; the banner is one structured event.
    const lines = first.jsonLines();
    expect(lines.filter((line) => line.context === 'Startup')).toEqual([
      expect.objectContaining({
        level: 30,
        msg: `Ready at ${baseUrl}`,
        startup: {
          url: baseUrl,
          docsUrl: `${baseUrl}/docs`,
          database: `PGlite (embedded), data in ${dataDir}`,
          demoAccounts: [
            { email: 'admin@example.com', roles: ['user', 'admin'] },
            { email: 'user@example.com', roles: ['user'] },
          ],
          demoPassword: 'demo-password',
          warnings: [
            expect.stringContaining('JWT_SECRET is not set'),
            expect.stringContaining('the demo accounts have a published password'),
          ],
        },
      }),
    ]);
    // Nest's module and route listing is at debug, below the default level: not logged at all.
    const chatter = ['InstanceLoader', 'RoutesResolver', 'RouterExplorer'];
    expect(lines.filter((line) => chatter.includes(line.context ?? ''))).toEqual([]);

    const email = uniqueEmail('durable');
    const credentials = { email, password: 'survives-restarts' };
    expect((await postJson(`${baseUrl}/auth/register`, credentials)).status).toBe(201);

    const stoppingSince = Date.now();
    first.child.kill('SIGTERM');
    expect(await first.exit()).toBe('SIGTERM');
    expect(Date.now() - stoppingSince).toBeLessThan(5_000);

    const second = build.start(devEnv);
    try {
      await second.waitUntilHealthy(baseUrl);
      expect((await postJson(`${baseUrl}/auth/login`, credentials)).status).toBe(200);
      expect(second.output()).not.toContain('Seeded demo accounts');
      const banner = second.jsonLines().find((line) => line.context === 'Startup');
      expect(banner?.startup).toEqual(
        expect.objectContaining({ url: baseUrl, demoPassword: 'demo-password' }),
      );
    } finally {
      await second.stop();
    }
  }, 90_000);

  it('at LOG_LEVEL=debug, logs the route mappings at debug; with LOG_FORMAT=pretty, a readable banner', async () => {
    const debug = build.start({ ...devEnv, PGLITE_DATA_DIR: 'memory://', LOG_LEVEL: 'debug' });
    try {
      await debug.waitUntilHealthy(baseUrl);
      expect(debug.jsonLines()).toContainEqual(
        expect.objectContaining({
          level: 20, // debug
          context: 'RouterExplorer',
          msg: expect.stringContaining('Mapped {/auth/login, POST} route'),
        }),
      );
    } finally {
      await debug.stop();
    }

    const pretty = build.start({ ...devEnv, PGLITE_DATA_DIR: 'memory://', LOG_FORMAT: 'pretty' });
    try {
      await pretty.waitUntilHealthy(baseUrl);
      for (let wait = 0; wait < 50 && !pretty.output().includes('Warning'); wait++) await sleep(20);
      const output = pretty.output();
      expect(output).toMatch(new RegExp(`INFO: \\[Startup\\] Ready at ${baseUrl}\n`));
      expect(output).toContain(`\n  API docs  ${baseUrl}/docs\n`);
      expect(output).toContain('\n  Database  PGlite (embedded), in memory\n');
      expect(output).toContain('\n  Demo      admin@example.com / demo-password (user, admin)\n');
      expect(output).toContain('\n  Warning   JWT_SECRET is not set');
      expect(output).not.toContain('"startup"'); // the event's fields are not repeated under it
      expect(output).not.toContain('RouterExplorer');
      expect(output).not.toContain('\u001b['); // no colours off a terminal
      await pretty.stop();
      // Written in the service's own thread: the last line before the signal ends it is not lost.
      expect(pretty.output()).toContain('INFO: [DatabaseModule] Shutting down on SIGTERM');
    } finally {
      await pretty.stop();
    }
  }, 60_000);

  it('logs one short JSON line per request, with no header and no token, even one in the query', async () => {
    const service = build.start({ ...devEnv, PGLITE_DATA_DIR: 'memory://' });
    try {
      await service.waitUntilHealthy(baseUrl);
      const login = await postJson(`${baseUrl}/auth/login`, {
        email: 'user@example.com',
        password: 'demo-password',
      });
      const { accessToken } = (await login.json()) as { accessToken: string };
      const me = await fetch(`${baseUrl}/auth/me`, {
        headers: { authorization: `Bearer ${accessToken}`, cookie: 'session=secret-cookie' },
      });
      expect(me.status).toBe(200);
      const inQuery = await fetch(`${baseUrl}/auth/me?access_token=${accessToken}`);
      expect(inQuery.status).toBe(401);
      const requestId = me.headers.get('x-request-id');
      const linesOf = (id: string | null) =>
        service
          .output()
          .split('\n')
          .filter((line) => line.startsWith('{'))
          .map((line) => JSON.parse(line) as { req?: { id?: string }; res?: unknown })
          .filter((line) => line.req?.id === id);
      // The line is written once the response has gone: give it a moment to arrive.
      for (let wait = 0; wait < 50 && linesOf(requestId).length === 0; wait++) await sleep(20);
      expect(linesOf(requestId)).toEqual([
        expect.objectContaining({
          req: { id: requestId, method: 'GET', url: '/auth/me', remoteAddress: '127.0.0.1' },
          res: { statusCode: 200 },
          msg: 'request completed',
        }),
      ]);
      // The refused request also has its audit line (at warn, in the same request's context).
      const refusedId = inQuery.headers.get('x-request-id');
      for (let wait = 0; wait < 50 && linesOf(refusedId).length < 2; wait++) await sleep(20);
      expect(linesOf(refusedId)).toEqual([
        expect.objectContaining({ msg: 'access denied: missing_token' }),
        expect.objectContaining({
          req: expect.objectContaining({ url: '/auth/me?access_token=[REDACTED]' }),
          res: { statusCode: 401 },
          msg: 'request completed',
        }),
      ]);
      for (const line of linesOf(refusedId)) {
        expect(line.req).toEqual(
          expect.objectContaining({ url: '/auth/me?access_token=[REDACTED]' }),
        );
      }
      expect(service.output()).not.toContain(accessToken);
      expect(service.output()).not.toContain('secret-cookie');
    } finally {
      await service.stop();
    }
  }, 60_000);

  it('in development without SMTP_URL, logs the reset email with its link instead of sending it', async () => {
    const service = build.start({ ...devEnv, PGLITE_DATA_DIR: 'memory://' });
    try {
      await service.waitUntilHealthy(baseUrl);
      const email = 'user@example.com'; // a demo account
      const requested = await postJson(`${baseUrl}/auth/password/forgot`, { email });
      expect(requested.status).toBe(202);
      const mailLine = () =>
        service
          .output()
          .split('\n')
          .filter((line) => line.startsWith('{'))
          .map((line) => JSON.parse(line) as { level: number; context?: string; msg: string })
          .find((line) => line.context === 'MailService');
      for (let wait = 0; wait < 100 && mailLine() === undefined; wait++) await sleep(20);
      const line = mailLine();
      expect(line).toEqual(
        expect.objectContaining({
          level: 30, // info
          msg: expect.stringContaining(`Email to ${email} (SMTP_URL is not set: logged, not sent)`),
        }),
      );
      expect(line?.msg).toContain('"Reset your password"');
      const token = /http:\/\/localhost:3000\/reset-password\?token=([\w-]+)/.exec(
        line?.msg ?? '',
      )?.[1];
      expect(token).toEqual(expect.stringMatching(/^[\w-]{43}$/));

      const newPassword = 'a-new-demo-password';
      const reset = await postJson(`${baseUrl}/auth/password/reset`, { token, newPassword });
      expect(reset.status).toBe(204);
      expect(
        (await postJson(`${baseUrl}/auth/login`, { email, password: newPassword })).status,
      ).toBe(200);
    } finally {
      await service.stop();
    }
  }, 60_000);

  it('lets a client still uploading an over-limit body read its 413, not a reset', async () => {
    const service = build.start({ ...devEnv, PGLITE_DATA_DIR: 'memory://' });
    try {
      await service.waitUntilHealthy(baseUrl);
      const body = JSON.stringify({ email: 'x'.repeat(5 * 1024 * 1024) });
      const outcomes: (number | string)[] = [];
      for (let attempt = 0; attempt < 5; attempt++) {
        const outcome = await fetch(`${baseUrl}/auth/login`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body,
        }).then(
          (response) => response.status,
          (error: Error & { cause?: { code?: string } }) => error.cause?.code ?? error.message,
        );
        outcomes.push(outcome);
      }
      expect(outcomes).toEqual([413, 413, 413, 413, 413]);
    } finally {
      await service.stop();
    }
  }, 60_000);
});
