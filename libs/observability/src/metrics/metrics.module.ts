import { Global, Module } from '@nestjs/common';
import {
  makeCounterProvider,
  makeGaugeProvider,
  makeHistogramProvider,
  PrometheusModule,
} from '@willsoto/nestjs-prometheus';
import {
  DEPENDENCY_UP,
  INVOCATION_DURATION_BUCKETS,
  INVOCATION_DURATION_SECONDS,
  INVOCATIONS_DENIED_TOTAL,
  INVOCATIONS_LOST_TOTAL,
  INVOCATIONS_TOTAL,
  POLICY_EXPLAIN_TOTAL,
  SESSION_CREATE_BUCKETS,
  SESSION_CREATE_DURATION_SECONDS,
  SESSIONS_ACTIVE,
} from './metric-names.js';
import { MetricsController } from './metrics.controller.js';
import { ServiceMetrics } from './service-metrics.js';

/** `/metrics` (Prometheus text, default process collectors) plus the service metrics of API.md 11.1. */
@Global()
@Module({
  imports: [
    PrometheusModule.register({
      path: '/metrics',
      controller: MetricsController,
      defaultMetrics: { enabled: true },
    }),
  ],
  providers: [
    makeCounterProvider({
      name: INVOCATIONS_TOTAL,
      help: 'Terminal outcomes of non-replayed invocations',
      labelNames: ['tool', 'status'],
    }),
    makeCounterProvider({
      name: INVOCATIONS_DENIED_TOTAL,
      help: 'Denied invocations by stable error code',
      labelNames: ['tool', 'reason'],
    }),
    makeCounterProvider({
      name: INVOCATIONS_LOST_TOTAL,
      help: 'Running invocations of a stopped replica that this replica finished as failed',
      labelNames: ['tool'],
    }),
    makeCounterProvider({
      name: POLICY_EXPLAIN_TOTAL,
      help: 'Policy explains answered, by decision (not invocations)',
      labelNames: ['tool', 'allowed'],
    }),
    makeHistogramProvider({
      name: INVOCATION_DURATION_SECONDS,
      help: 'Invocation duration from record to terminal outcome',
      labelNames: ['tool', 'status'],
      buckets: INVOCATION_DURATION_BUCKETS,
    }),
    makeGaugeProvider({ name: SESSIONS_ACTIVE, help: 'Live workspace sessions' }),
    makeHistogramProvider({
      name: SESSION_CREATE_DURATION_SECONDS,
      help: 'Successful session creation duration',
      labelNames: ['backend'],
      buckets: SESSION_CREATE_BUCKETS,
    }),
    makeGaugeProvider({
      name: DEPENDENCY_UP,
      help: 'Whether a dependency answered the last /readyz check (1) or not (0)',
      labelNames: ['dependency'],
    }),
    ServiceMetrics,
  ],
  exports: [ServiceMetrics],
})
export class MetricsModule {}
