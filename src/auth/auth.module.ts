import { Module } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { PassportModule } from '@nestjs/passport';
import { ThrottlerModule } from '@nestjs/throttler';
import type { Redis } from 'ioredis';
import type { Environment } from '../config/environment.js';
import { PaginationModule } from '../pagination/pagination.module.js';
import { REDIS } from '../redis/redis.constants.js';
import { UsersModule } from '../users/users.module.js';
import { AccessTokenService } from './sessions/access-token.service.js';
import { AccessTokenVerifier } from './sessions/access-token.verifier.js';
import { AdminSessionsController } from './sessions/admin-sessions.controller.js';
import { AuthController } from './sessions/auth.controller.js';
import { AuthService } from './sessions/auth.service.js';
import { EndSessionsOnDisable } from './sessions/end-sessions-on-disable.listener.js';
import { FailClosedThrottlerStorage } from './sessions/fail-closed-throttler-storage.js';
import { JwtStrategy } from './jwt.strategy.js';
import { LoginThrottle } from './sessions/login-throttle.js';
import { RefreshTokenSuccessors } from './sessions/refresh-token-successors.js';
import { RevokedSessions } from './sessions/revoked-sessions.js';
import { SessionsController } from './sessions/sessions.controller.js';
import { SessionsService } from './sessions/sessions.service.js';
import { UserSessionsService } from './sessions/user-sessions.service.js';

@Module({
  imports: [
    UsersModule,
    PaginationModule,
    PassportModule,
    // Applied only where @UseGuards(ThrottlerGuard) asks for it (register, refresh): no global throttle.
    ThrottlerModule.forRootAsync({
      inject: [ConfigService, REDIS],
      useFactory: (config: ConfigService<Environment, true>, redis: Redis | null) => ({
        throttlers: [{ ttl: 60_000, limit: config.get('AUTH_RATE_LIMIT', { infer: true }) }],
        errorMessage: 'Too many requests from this address. Try again later.',
        storage: redis ? new FailClosedThrottlerStorage(redis) : undefined,
      }),
    }),
  ],
  controllers: [AuthController, SessionsController, AdminSessionsController],
  providers: [
    AuthService,
    AccessTokenService,
    AccessTokenVerifier,
    JwtStrategy,
    LoginThrottle,
    RevokedSessions,
    RefreshTokenSuccessors,
    SessionsService,
    UserSessionsService,
    EndSessionsOnDisable,
  ],
})
export class AuthModule {}
