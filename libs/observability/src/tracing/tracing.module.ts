import { type DynamicModule, Module } from '@nestjs/common';
import { InvocationTracer, NoopInvocationTracer } from './invocation-tracer.js';

export interface TracingOptions {
  enabled: boolean;
}

/** Provides the invocation tracer: no-op unless tracing is enabled. */
@Module({})
export class TracingModule {
  static forRoot(options: TracingOptions): DynamicModule {
    return {
      module: TracingModule,
      global: true,
      providers: [
        {
          provide: InvocationTracer,
          useFactory: (): InvocationTracer => {
            if (options.enabled) {
              // Issue #3 brings the OpenTelemetry tracer; refuse rather than silently drop spans.
              throw new Error('tracing (WORKSPACE_OTEL_ENABLED) is not available in this build yet');
            }
            return new NoopInvocationTracer();
          },
        },
      ],
      exports: [InvocationTracer],
    };
  }
}
