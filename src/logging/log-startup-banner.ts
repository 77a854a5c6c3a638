import { type INestApplication, Logger } from '@nestjs/common';
import type { Environment } from '../config/environment.js';
import { DEMO_PASSWORD, UsersSeeder } from '../users/users.seeder.js';
import { prettyPrinter } from './log-output.js';
import { startupBanner } from './startup-banner.js';

/** Logs the start-up banner once the app listens: a block on a terminal, one event in JSON. */
export async function logStartupBanner(app: INestApplication, env: Environment): Promise<void> {
  const banner = startupBanner({
    url: await app.getUrl(),
    docsPath: env.DOCS_ENABLED ? '/docs' : undefined,
    env,
    demo: { accounts: app.get(UsersSeeder).demoAccounts, password: DEMO_PASSWORD },
  });
  // Both carry the `startup` event; pino-pretty is told not to print it under the block.
  const msg = prettyPrinter(env) === undefined ? banner.summary : banner.text;
  new Logger('Startup').log({ startup: banner.event, msg });
}
