import { startupBanner } from './startup-banner.js';

const url = 'http://127.0.0.1:3000';
const secret = 'a-signing-secret-of-at-least-32-bytes';
const demo = {
  accounts: [
    { email: 'admin@example.com', roles: ['user', 'admin'] },
    { email: 'user@example.com', roles: ['user'] },
  ],
  password: 'demo-password',
};

describe('startupBanner', () => {
  it('on a first development start: URLs, embedded database, demo accounts and the warnings', () => {
    const banner = startupBanner({
      url,
      docsPath: '/docs',
      env: { PGLITE_DATA_DIR: '.data/pglite' },
      demo,
    });
    expect(banner.text).toBe(
      [
        'Ready at http://127.0.0.1:3000',
        '  API docs  http://127.0.0.1:3000/docs',
        '  Database  PGlite (embedded), data in .data/pglite',
        '  Demo      admin@example.com / demo-password (user, admin)',
        '            user@example.com / demo-password (user)',
        '  Warning   JWT_SECRET is not set: a random key signs the tokens, so they end at restart',
        '  Warning   the demo accounts have a published password: for local use only',
      ].join('\n'),
    );
    expect(banner.summary).toBe('Ready at http://127.0.0.1:3000');
    expect(banner.event).toEqual({
      url,
      docsUrl: 'http://127.0.0.1:3000/docs',
      database: 'PGlite (embedded), data in .data/pglite',
      demoAccounts: demo.accounts,
      demoPassword: 'demo-password',
      warnings: [
        'JWT_SECRET is not set: a random key signs the tokens, so they end at restart',
        'the demo accounts have a published password: for local use only',
      ],
    });
  });

  it('names PostgreSQL and Redis with their passwords masked, and has nothing to warn about', () => {
    const banner = startupBanner({
      url,
      docsPath: '/docs',
      env: {
        PGLITE_DATA_DIR: '.data/pglite',
        DATABASE_URL: 'postgres://app:db-secret@db.internal:5432/app',
        REDIS_URL: 'redis://:redis-secret@cache.internal:6379',
        JWT_SECRET: secret,
      },
      demo: { accounts: [], password: 'demo-password' },
    });
    expect(banner.text).toBe(
      [
        'Ready at http://127.0.0.1:3000',
        '  API docs  http://127.0.0.1:3000/docs',
        '  Database  PostgreSQL at postgres://app:***@db.internal:5432/app',
        '  Redis     redis://:***@cache.internal:6379',
      ].join('\n'),
    );
    expect(banner.event).toEqual({
      url,
      docsUrl: 'http://127.0.0.1:3000/docs',
      database: 'PostgreSQL at postgres://app:***@db.internal:5432/app',
      redis: 'redis://:***@cache.internal:6379',
      warnings: [],
    });
    expect(JSON.stringify(banner)).not.toMatch(/db-secret|redis-secret|demo-password/);
  });

  it('leaves the docs line out when the docs are not served', () => {
    const banner = startupBanner({
      url,
      env: { PGLITE_DATA_DIR: 'memory://', JWT_SECRET: secret },
    });
    expect(banner.text).toBe(
      ['Ready at http://127.0.0.1:3000', '  Database  PGlite (embedded), in memory'].join('\n'),
    );
    expect(banner.event.docsUrl).toBeUndefined();
  });
});
