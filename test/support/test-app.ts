import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { Test, type TestingModuleBuilder } from '@nestjs/testing';
import { AppModule } from '../../src/app.module.js';
import { configureApp, createFastifyAdapter } from '../../src/app.setup.js';
import { validateEnvironment } from '../../src/config/environment.js';
import { createTestDatabase } from './test-database.js';

/**
 * Boots the real AppModule on Fastify, configured exactly as main.ts does. `override` may swap a
 * connection (e.g. Redis through a proxy the test can cut), never the application's logic.
 */
export async function createTestApp(
  override: (builder: TestingModuleBuilder) => TestingModuleBuilder = (builder) => builder,
): Promise<NestFastifyApplication> {
  await createTestDatabase();
  const moduleRef = await override(Test.createTestingModule({ imports: [AppModule] })).compile();
  const env = validateEnvironment(process.env);
  const app = moduleRef.createNestApplication<NestFastifyApplication>(createFastifyAdapter(env), {
    logger: false,
  });
  configureApp(app, env);
  await app.init();
  await app.getHttpAdapter().getInstance().ready();
  return app;
}
