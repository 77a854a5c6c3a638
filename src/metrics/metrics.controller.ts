import { Controller, Get, Res, UseGuards } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { PrometheusController } from '@willsoto/nestjs-prometheus';
import type { FastifyReply } from 'fastify';
import { Public } from '../auth/public.decorator.js';
import { MetricsAccessGuard } from './metrics-access.guard.js';

/**
 * GET /metrics (the path PrometheusModule sets). Public to the user-JWT guards: a scraper has no
 * user; MetricsAccessGuard checks its own token and networks. Operational, so not in the API docs.
 */
@ApiExcludeController()
@Public()
@UseGuards(MetricsAccessGuard)
@Controller()
export class MetricsController extends PrometheusController {
  @Get()
  override index(@Res({ passthrough: true }) response: FastifyReply): Promise<string> {
    return super.index(response);
  }
}
