import { Module } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { PassportModule } from '@nestjs/passport';
import { ThrottlerModule } from '@nestjs/throttler';
import type { Redis } from 'ioredis';
import type { Environment } from '../config/environment.js';
import { PaginationModule } from '../pagination/pagination.module.js';
import { MailModule } from '../mail/mail.module.js';
import { REDIS } from '../redis/redis.constants.js';
import { UsersModule } from '../users/users.module.js';
import { AccountMail } from './account/account-mail.js';
import { AccountTokens } from './account/account-tokens.service.js';
import { EmailVerificationController } from './account/email-verification.controller.js';
import { EmailVerificationService } from './account/email-verification.service.js';
import { PasswordController } from './account/password.controller.js';
import { PasswordService } from './account/password.service.js';
import { ResetRequestThrottle } from './account/reset-request-throttle.js';
import { VerificationRequestThrottle } from './account/verification-request-throttle.js';
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

/** Password change and reset, email verification: account tokens sent by email. */
const accountProviders = [
  AccountMail,
  AccountTokens,
  PasswordService,
  ResetRequestThrottle,
  EmailVerificationService,
  VerificationRequestThrottle,
];

@Module({
  imports: [
    UsersModule,
    PaginationModule,
    MailModule,
    PassportModule,
    // Applied only where @UseGuards(ThrottlerGuard) asks for it (register, refresh, password
    // forgot and reset, email verify and resend): no global throttle.
    ThrottlerModule.forRootAsync({
      inject: [ConfigService, REDIS],
      useFactory: (config: ConfigService<Environment, true>, redis: Redis | null) => ({
        throttlers: [{ ttl: 60_000, limit: config.get('AUTH_RATE_LIMIT', { infer: true }) }],
        errorMessage: 'Too many requests from this address. Try again later.',
        storage: redis ? new FailClosedThrottlerStorage(redis) : undefined,
      }),
    }),
  ],
  controllers: [
    AuthController,
    SessionsController,
    AdminSessionsController,
    PasswordController,
    EmailVerificationController,
  ],
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
    ...accountProviders,
  ],
})
export class AuthModule {}
