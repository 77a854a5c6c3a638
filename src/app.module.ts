import { Module } from '@nestjs/common';
import { ConfigModule } from '@nestjs/config';
import { APP_FILTER, APP_GUARD, APP_PIPE } from '@nestjs/core';
import { EventEmitterModule } from '@nestjs/event-emitter';
import { ScheduleModule } from '@nestjs/schedule';
import { AdminProductsModule } from './admin-products/admin-products.module.js';
import { AuditModule } from './audit/audit.module.js';
import { AdminNetworkGuard } from './auth/admin-network.guard.js';
import { AuthModule } from './auth/auth.module.js';
import { JwtAuthGuard } from './auth/jwt-auth.guard.js';
import { RolesGuard } from './auth/roles.guard.js';
import { VerifiedEmailGuard } from './auth/verified-email.guard.js';
import { validateEnvironment } from './config/environment.js';
import { DatabaseModule } from './database/database.module.js';
import { FinanceDashboardModule } from './finance-dashboard/finance-dashboard.module.js';
import { HealthModule } from './health/health.module.js';
import { MetricsModule } from './metrics/metrics.module.js';
import { LoggingModule } from './logging/logging.module.js';
import { RedisModule } from './redis/redis.module.js';
import { RetentionModule } from './retention/retention.module.js';
import { ProblemDetailsFilter } from './problem-details/problem-details.filter.js';
import { ProblemTypesModule } from './problem-details/problem-types.module.js';
import { UsersModule } from './users/users.module.js';
import { createValidationPipe } from './validation/validation.pipe.js';

@Module({
  imports: [
    ConfigModule.forRoot({ isGlobal: true, cache: true, validate: validateEnvironment }),
    LoggingModule,
    ScheduleModule.forRoot(),
    EventEmitterModule.forRoot(),
    AuditModule,
    DatabaseModule,
    RedisModule,
    HealthModule,
    ProblemTypesModule,
    AuthModule,
    UsersModule,
    FinanceDashboardModule,
    AdminProductsModule,
    RetentionModule,
    MetricsModule.whenEnabled(),
  ],
  providers: [
    // Global guards run in this order: authentication (401) always before authorization (403),
    // then the admin network allowlist (403), then the verified email (403), last so that
    // "verify your email" is only said when verifying would let the caller in.
    { provide: APP_GUARD, useClass: JwtAuthGuard },
    { provide: APP_GUARD, useClass: RolesGuard },
    { provide: APP_GUARD, useClass: AdminNetworkGuard },
    { provide: APP_GUARD, useClass: VerifiedEmailGuard },
    { provide: APP_PIPE, useFactory: createValidationPipe },
    ProblemDetailsFilter,
    { provide: APP_FILTER, useExisting: ProblemDetailsFilter },
  ],
})
export class AppModule {}
