import { Module } from '@nestjs/common';
import { UsersModule } from '../users/users.module.js';
import { RetentionService } from './retention.service.js';

/** The scheduled cleanup of expired sessions, refresh tokens, user access changes and account tokens. */
@Module({
  imports: [UsersModule],
  providers: [RetentionService],
  exports: [RetentionService],
})
export class RetentionModule {}
