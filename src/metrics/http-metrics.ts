import { Injectable, type OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { InjectMetric } from '@willsoto/nestjs-prometheus';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Counter, Histogram } from 'prom-client';
import {
  HTTP_REQUEST_DURATION,
  HTTP_REQUESTS,
  type HttpLabel,
  UNMATCHED_ROUTE,
} from './metric-names.js';

interface Instruments {
  requests: Counter.Internal;
  duration: Histogram.Internal<HttpLabel>;
}

/**
 * `http_requests_total` and `http_request_duration_seconds` by method, route pattern and status,
 * from one Fastify onResponse hook. The latency is `reply.elapsedTime`, which Fastify measures from
 * its own start of the request (before any onRequest hook), so no hook of ours runs before it.
 * Each series' instruments are looked up in nested maps: no label object or key string is built
 * per request, only once per new (route, method, status).
 */
@Injectable()
export class HttpMetrics implements OnModuleInit {
  private readonly byRoute = new Map<string, Map<string, Map<number, Instruments>>>();

  constructor(
    private readonly adapterHost: HttpAdapterHost,
    @InjectMetric(HTTP_REQUESTS) private readonly requests: Counter<HttpLabel>,
    @InjectMetric(HTTP_REQUEST_DURATION) private readonly duration: Histogram<HttpLabel>,
  ) {}

  onModuleInit(): void {
    const fastify = this.adapterHost.httpAdapter.getInstance<FastifyInstance>();
    fastify.addHook('onResponse', (request: FastifyRequest, reply: FastifyReply, done) => {
      const series = this.series(request.method, request.routeOptions.url, reply.statusCode);
      series.requests.inc();
      series.duration.observe(reply.elapsedTime / 1000);
      done();
    });
  }

  private series(method: string, route = UNMATCHED_ROUTE, status: number): Instruments {
    let byMethod = this.byRoute.get(route);
    if (!byMethod) this.byRoute.set(route, (byMethod = new Map()));
    let byStatus = byMethod.get(method);
    if (!byStatus) byMethod.set(method, (byStatus = new Map()));
    let found = byStatus.get(status);
    if (!found) {
      const labels = [method, route, String(status)];
      found = {
        requests: this.requests.labels(...labels),
        duration: this.duration.labels(...labels),
      };
      byStatus.set(status, found);
    }
    return found;
  }
}
