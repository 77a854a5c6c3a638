import type { Environment } from '../config/environment.js';
import { redactUrl } from '../config/redact-url.js';

export interface DemoAccount {
  email: string;
  roles: readonly string[];
}

export interface StartupFacts {
  /** Where the service listens, e.g. `http://127.0.0.1:3000`. */
  url: string;
  /** Swagger UI's path; undefined when the docs are not served. */
  docsPath?: string;
  env: Pick<Environment, 'DATABASE_URL' | 'PGLITE_DATA_DIR' | 'REDIS_URL' | 'JWT_SECRET'>;
  /** The demo accounts the database holds, with the password they were seeded with. */
  demo?: { accounts: readonly DemoAccount[]; password: string };
}

/** What the banner says, as a log event's fields. */
export interface StartupEvent {
  url: string;
  docsUrl?: string;
  database: string;
  redis?: string;
  demoAccounts?: DemoAccount[];
  demoPassword?: string;
  warnings: string[];
}

export interface StartupBanner {
  event: StartupEvent;
  /** One line, for JSON logs. */
  summary: string;
  /** The readable block, for a terminal. */
  text: string;
}

/** The start-up banner: where to go, which data it serves, what to know before trying it. */
export function startupBanner({ url, docsPath, env, demo }: StartupFacts): StartupBanner {
  const demoAccounts = demo && demo.accounts.length > 0 ? demo.accounts : undefined;
  const event: StartupEvent = {
    url,
    docsUrl: docsPath === undefined ? undefined : `${url}${docsPath}`,
    database: env.DATABASE_URL
      ? `PostgreSQL at ${redactUrl(env.DATABASE_URL)}`
      : env.PGLITE_DATA_DIR === 'memory://'
        ? 'PGlite (embedded), in memory'
        : `PGlite (embedded), data in ${env.PGLITE_DATA_DIR}`,
    redis: env.REDIS_URL && redactUrl(env.REDIS_URL),
    demoAccounts: demoAccounts?.map(({ email, roles }) => ({ email, roles: [...roles] })),
    demoPassword: demoAccounts && demo?.password,
    warnings: [
      ...(env.JWT_SECRET === undefined
        ? ['JWT_SECRET is not set: a random key signs the tokens, so they end at restart']
        : []),
      ...(demoAccounts ? ['the demo accounts have a published password: for local use only'] : []),
    ],
  };
  const rows: [string, string | undefined][] = [
    ['API docs', event.docsUrl],
    ['Database', event.database],
    ['Redis', event.redis],
    ...(demoAccounts ?? []).map(({ email, roles }, index): [string, string] => [
      index === 0 ? 'Demo' : '',
      `${email} / ${event.demoPassword} (${roles.join(', ')})`,
    ]),
    ...event.warnings.map((warning): [string, string] => ['Warning', warning]),
  ];
  const summary = `Ready at ${url}`;
  const text = [
    summary,
    ...rows.filter(([, value]) => value).map(([label, value]) => `  ${label.padEnd(9)} ${value}`),
  ].join('\n');
  return { event, summary, text };
}
