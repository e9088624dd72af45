import { type DynamicModule, Injectable, Module, type OnApplicationShutdown } from '@nestjs/common';
import { OpenTelemetryModule } from 'nestjs-otel';
import { JsonLogger } from '../logging/json-logger.js';
import { InvocationTracer, NoopInvocationTracer } from './invocation-tracer.js';
import { OtelInvocationTracer } from './otel-invocation-tracer.js';
import { type TelemetryOptions, TelemetrySdk } from './telemetry-sdk.js';

/** `AppConfig.telemetry` (CONFIG.md 2.8). */
export interface TracingOptions extends TelemetryOptions {
  enabled: boolean;
}

/** API.md 12.3 step 4: ended spans are flushed (bounded) once the application has stopped. */
@Injectable()
export class TelemetryShutdownHook implements OnApplicationShutdown {
  constructor(
    private readonly sdk: TelemetrySdk,
    private readonly logger: JsonLogger,
  ) {}

  async onApplicationShutdown(): Promise<void> {
    try {
      await this.sdk.shutdown();
    } catch (error) {
      this.logger.write('warn', 'telemetry flush failed', { error });
    }
  }
}

/**
 * Provides the invocation tracer: no-op unless tracing is enabled, then the OpenTelemetry tracer of
 * the process SDK (started by `main`, or here when nothing started it).
 */
@Module({})
export class TracingModule {
  static forRoot(options: TracingOptions): DynamicModule {
    if (!options.enabled) {
      return {
        module: TracingModule,
        global: true,
        providers: [{ provide: InvocationTracer, useValue: new NoopInvocationTracer() }],
        exports: [InvocationTracer],
      };
    }
    return {
      module: TracingModule,
      global: true,
      // nestjs-otel's TraceService and @Span() for code that wants spans of its own; no metrics
      // (they are prom-client's, API.md 11.1).
      imports: [OpenTelemetryModule.forRoot()],
      providers: [
        { provide: TelemetrySdk, useFactory: (): TelemetrySdk => TelemetrySdk.start(options) },
        {
          provide: InvocationTracer,
          useFactory: (sdk: TelemetrySdk): InvocationTracer =>
            new OtelInvocationTracer(sdk.tracer, sdk.propagator),
          inject: [TelemetrySdk],
        },
        TelemetryShutdownHook,
      ],
      exports: [InvocationTracer, TelemetrySdk],
    };
  }
}
