import { Controller, Get, ServiceUnavailableException } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { HealthCheckResult, HealthCheckService, HealthIndicatorFunction } from '@nestjs/terminus';
import { Public } from '../auth/public.decorator.js';
import { ApiProblemResponse } from '../problem-details/api-problem-response.decorator.js';
import { DatabaseHealthIndicator } from './database.health.js';
import { RedisHealthIndicator } from './redis.health.js';

/** Each checked dependency by name (terminus's shape). */
const INDICATORS = {
  type: 'object',
  additionalProperties: {
    type: 'object',
    required: ['status'],
    properties: { status: { type: 'string', enum: ['up', 'down'] } },
  },
};

/** The body of a passing check (terminus's HealthCheckResult). */
const HEALTHY = {
  type: 'object',
  required: ['status', 'info', 'error', 'details'],
  properties: {
    status: { type: 'string', enum: ['ok'] },
    info: INDICATORS,
    error: INDICATORS,
    details: INDICATORS,
  },
  example: {
    status: 'ok',
    info: { database: { status: 'up' } },
    error: {},
    details: { database: { status: 'up' } },
  },
};

/** Liveness (the process answers) apart from readiness (its database and Redis answer too). */
@ApiTags('health')
@Public()
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly database: DatabaseHealthIndicator,
    private readonly redis: RedisHealthIndicator,
  ) {}

  @Get()
  @ApiOperation({ operationId: 'readiness', summary: 'Readiness: the database and Redis answer' })
  @ApiOkResponse({ description: 'Every dependency is up', schema: HEALTHY })
  @ApiProblemResponse(503, 'A dependency is down; the detail names it')
  async ready(): Promise<HealthCheckResult> {
    const checks: HealthIndicatorFunction[] = [() => this.database.isHealthy()];
    if (this.redis.configured) checks.push(() => this.redis.isHealthy());
    try {
      return await this.health.check(checks);
    } catch (error) {
      if (!(error instanceof ServiceUnavailableException)) throw error;
      const result = error.getResponse() as HealthCheckResult;
      throw new ServiceUnavailableException(
        `Unhealthy: ${Object.keys(result.error ?? {}).join(', ')}`,
      );
    }
  }

  @Get('live')
  @ApiOperation({ operationId: 'liveness', summary: 'Liveness: the process answers' })
  @ApiOkResponse({ description: 'The process is up', schema: HEALTHY })
  live(): Promise<HealthCheckResult> {
    return this.health.check([]);
  }
}
