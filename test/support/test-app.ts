import { ConfigService } from '@nestjs/config';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { Test, type TestingModuleBuilder } from '@nestjs/testing';
import { isDeepStrictEqual } from 'node:util';
import { APPLICATION_OPTIONS, configureApp, createFastifyAdapter } from '../../src/app.setup.js';
import { type Environment, validateEnvironment } from '../../src/config/environment.js';
import { checkResponsesAgainst } from './openapi-conformance.js';
import { createTestDatabase } from './test-database.js';

export interface TestAppOptions {
  /** Environment variables of this file's app, on top of test/setup-env.ts (e.g. NODE_ENV). */
  env?: Record<string, string>;
  /** May swap a connection (e.g. Redis through a proxy the test can cut), never the app's logic. */
  override?: (builder: TestingModuleBuilder) => TestingModuleBuilder;
}

/** What production requires beyond test/setup-env.ts: an SMTP server, never contacted here. */
export const PRODUCTION_ENV = { NODE_ENV: 'production', SMTP_URL: 'smtp://127.0.0.1:2525' };

/** Sets the variables, and returns what puts the previous values back. */
function setEnvironment(env: Record<string, string>): () => void {
  const previous = Object.keys(env).map((name) => [name, process.env[name]] as const);
  Object.assign(process.env, env);
  return () => {
    for (const [name, value] of previous) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
  };
}

/**
 * Boots the real AppModule on Fastify, configured exactly as main.ts does, with `env` applied
 * while it is built. Every response it sends is held to its own OpenAPI document: a mismatch
 * fails the test that caused it.
 */
export async function createTestApp({
  env = {},
  override = (builder) => builder,
}: TestAppOptions = {}): Promise<NestFastifyApplication> {
  await createTestDatabase();
  const restore = setEnvironment(env);
  try {
    // Loaded here, not at the top: ConfigModule.forRoot reads process.env when AppModule loads.
    const { AppModule } = await import('../../src/app.module.js');
    const moduleRef = await override(Test.createTestingModule({ imports: [AppModule] })).compile();
    const config = validateEnvironment(process.env);
    const settings = moduleRef.get<ConfigService<Environment, true>>(ConfigService);
    for (const name of Object.keys(env) as (keyof Environment)[]) {
      if (!isDeepStrictEqual(settings.get(name, { infer: true }), config[name])) {
        throw new Error(`${name} did not apply: AppModule was loaded before createTestApp ran`);
      }
    }
    const app = moduleRef.createNestApplication<NestFastifyApplication>(
      createFastifyAdapter(config),
      { ...APPLICATION_OPTIONS, logger: false },
    );
    const document = configureApp(app, config);
    // Off only where a scaffold's undocumented stub is served on purpose (.ci/check-generated-module).
    if (process.env.E2E_OPENAPI_CONFORMANCE !== 'off') checkResponsesAgainst(app, document);
    await app.init();
    await app.getHttpAdapter().getInstance().ready();
    return app;
  } finally {
    restore();
  }
}
