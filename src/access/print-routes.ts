// `npm run routes [-- --json]`: prints every route with its access rule. Boots the application on a
// throwaway in-memory database (never the configured one), without listening.
import { NestFactory } from '@nestjs/core';

Object.assign(process.env, {
  DATABASE_URL: '',
  REDIS_URL: '',
  PGLITE_DATA_DIR: 'memory://',
  SEED_DEMO_DATA: 'false',
  FIRST_ADMIN_EMAIL: '',
  FIRST_ADMIN_PASSWORD: '',
  LOG_LEVEL: 'silent',
});

const { AppModule } = await import('../app.module.js');
const { collectRoutes, formatRoutes } = await import('./route-inventory.js');

const app = await NestFactory.createApplicationContext(AppModule, { logger: false });
const routes = collectRoutes(app);
await app.close();
process.stdout.write(
  process.argv.includes('--json')
    ? `${JSON.stringify(routes, null, 2)}\n`
    : `${formatRoutes(routes)}\n`,
);
