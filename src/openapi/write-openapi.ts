// `npm run client:generate`: writes the OpenAPI document the service serves at /docs-json to the
// file named as the first argument. Boots the application as main.ts does, on a throwaway in-memory
// database and with the default settings (never the configured ones), and asks Fastify for the
// document in-process: nothing listens.
import { writeFileSync } from 'node:fs';
import { NestFactory } from '@nestjs/core';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';

const [output] = process.argv.slice(2);
if (!output) throw new Error('usage: node dist/openapi/write-openapi.js <output.json>');

Object.assign(process.env, {
  NODE_ENV: 'development',
  DATABASE_URL: '',
  REDIS_URL: '',
  PGLITE_DATA_DIR: 'memory://',
  SEED_DEMO_DATA: 'false',
  FIRST_ADMIN_EMAIL: '',
  FIRST_ADMIN_PASSWORD: '',
  CORS_ORIGINS: '',
  REQUIRE_VERIFIED_EMAIL: 'false',
  LOG_LEVEL: 'silent',
  DOCS_ENABLED: 'true',
  METRICS_ENABLED: 'false',
});

const { AppModule } = await import('../app.module.js');
const { APPLICATION_OPTIONS, configureApp, createFastifyAdapter } = await import('../app.setup.js');
const { validateEnvironment } = await import('../config/environment.js');

const env = validateEnvironment(process.env);
const app = await NestFactory.create<NestFastifyApplication>(AppModule, createFastifyAdapter(env), {
  ...APPLICATION_OPTIONS,
  logger: false,
});
configureApp(app, env);
await app.init();
await app.getHttpAdapter().getInstance().ready();
const response = await app.inject({ method: 'GET', url: '/docs-json' });
await app.close();
if (response.statusCode !== 200) throw new Error(`/docs-json answered ${response.statusCode}`);
writeFileSync(output, `${JSON.stringify(response.json(), null, 2)}\n`);
