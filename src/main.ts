import { ConfigModule } from '@nestjs/config';
import { NestFactory } from '@nestjs/core';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { AppModule } from './app.module.js';
import { APPLICATION_OPTIONS, configureApp, createFastifyAdapter } from './app.setup.js';
import { validateEnvironment } from './config/environment.js';
import { logStartupBanner } from './logging/log-startup-banner.js';
import { NestLogger } from './logging/nest-logger.js';

async function bootstrap() {
  // The adapter is built before Nest's container: read the (validated) environment, .env included.
  await ConfigModule.envVariablesLoaded;
  const env = validateEnvironment(process.env);

  const app = await NestFactory.create<NestFastifyApplication>(
    AppModule,
    createFastifyAdapter(env),
    { ...APPLICATION_OPTIONS, bufferLogs: true },
  );
  app.useLogger(app.get(NestLogger));
  app.enableShutdownHooks();
  configureApp(app, env);

  await app.listen({ port: env.PORT, host: env.HOST });
  await logStartupBanner(app, env);
}

await bootstrap();
