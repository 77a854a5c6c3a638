import { Global, Module } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import type { Environment } from '../config/environment.js';
import { NestLogger } from './nest-logger.js';
import { createRootLogger, ROOT_LOGGER } from './root-logger.js';

@Global()
@Module({
  providers: [
    {
      provide: ROOT_LOGGER,
      inject: [ConfigService],
      useFactory: (config: ConfigService<Environment, true>) =>
        createRootLogger({
          LOG_LEVEL: config.get('LOG_LEVEL', { infer: true }),
          NODE_ENV: config.get('NODE_ENV', { infer: true }),
          LOG_FORMAT: config.get('LOG_FORMAT', { infer: true }),
        }),
    },
    NestLogger,
  ],
  exports: [ROOT_LOGGER, NestLogger],
})
export class LoggingModule {}
