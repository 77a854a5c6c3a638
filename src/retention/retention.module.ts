import { Module } from '@nestjs/common';
import { RetentionService } from './retention.service.js';

/** The scheduled cleanup of expired sessions, refresh tokens and user access changes. */
@Module({
  providers: [RetentionService],
  exports: [RetentionService],
})
export class RetentionModule {}
