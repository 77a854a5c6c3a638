import { Controller, Get, Header, ServiceUnavailableException } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { HealthCheckResult, HealthCheckService } from '@nestjs/terminus';
import { Public } from '../auth/public.decorator.js';
import { ApiProblemResponse } from '../problem-details/api-problem-response.decorator.js';
import { DatabaseHealthIndicator } from './database.health.js';

@ApiTags('health')
@Public()
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly database: DatabaseHealthIndicator,
  ) {}

  @Get()
  @Header('cache-control', 'no-store')
  @ApiOperation({ operationId: 'health', summary: 'Service health, including the database' })
  @ApiOkResponse({ description: 'Every check is up' })
  @ApiProblemResponse(503, 'A check is down; the detail names it')
  async check(): Promise<HealthCheckResult> {
    try {
      return await this.health.check([() => this.database.isHealthy()]);
    } catch (error) {
      if (!(error instanceof ServiceUnavailableException)) throw error;
      const result = error.getResponse() as HealthCheckResult;
      throw new ServiceUnavailableException(
        `Unhealthy: ${Object.keys(result.error ?? {}).join(', ')}`,
      );
    }
  }
}
