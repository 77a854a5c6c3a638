import { type DynamicModule, Global, Module } from '@nestjs/common';
import { ConfigModule } from '@nestjs/config';
import {
  makeCounterProvider,
  makeHistogramProvider,
  PrometheusModule,
} from '@willsoto/nestjs-prometheus';
import { REFUSAL_COUNTER } from '../audit/refusal-counter.js';
import { validateEnvironment } from '../config/environment.js';
import { AuthRefusalMetrics } from './auth-refusal-metrics.js';
import { HttpMetrics } from './http-metrics.js';
import {
  AUTH_REFUSALS,
  HTTP_LABELS,
  HTTP_REQUEST_DURATION,
  HTTP_REQUESTS,
  REFUSAL_LABELS,
} from './metric-names.js';
import { MetricsAccessGuard } from './metrics-access.guard.js';
import { MetricsController } from './metrics.controller.js';

const metricProviders = [
  makeCounterProvider({
    name: HTTP_REQUESTS,
    help: 'HTTP requests answered, by method, route pattern and status code.',
    labelNames: HTTP_LABELS,
  }),
  makeHistogramProvider({
    name: HTTP_REQUEST_DURATION,
    help: 'Time to answer HTTP requests in seconds, by method, route pattern and status code.',
    labelNames: HTTP_LABELS,
  }),
  makeCounterProvider({
    name: AUTH_REFUSALS,
    help: 'Requests refused with 401, 403 or 429, by status code and audit reason.',
    labelNames: REFUSAL_LABELS,
  }),
];

/**
 * Prometheus metrics at GET /metrics when METRICS_ENABLED is true. When it is not, this module is
 * empty: no route, no default metrics collection, no request hook, no refusal counter (the audit
 * log's is optional). Global so that the audit log finds the refusal counter.
 */
@Global()
@Module({})
export class MetricsModule {
  static async whenEnabled(): Promise<DynamicModule> {
    await ConfigModule.envVariablesLoaded; // .env applied to process.env, as AppModule's config sees it
    if (!validateEnvironment(process.env).METRICS_ENABLED) return { module: MetricsModule };
    return {
      module: MetricsModule,
      imports: [PrometheusModule.register({ controller: MetricsController })],
      providers: [
        ...metricProviders,
        HttpMetrics,
        MetricsAccessGuard,
        AuthRefusalMetrics,
        { provide: REFUSAL_COUNTER, useExisting: AuthRefusalMetrics },
      ],
      exports: [REFUSAL_COUNTER],
    };
  }
}
