import {
  context,
  propagation,
  type TextMapPropagator,
  type Tracer,
  trace,
} from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import {
  CompositePropagator,
  W3CBaggagePropagator,
  W3CTraceContextPropagator,
} from '@opentelemetry/core';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-proto';
import { defaultResource, type Resource, resourceFromAttributes } from '@opentelemetry/resources';
import { BatchSpanProcessor, type SpanProcessor, TracerProvider } from '@opentelemetry/sdk-trace';
import { TRACER_NAME } from './otel-invocation-tracer.js';

/** What the SDK needs from `AppConfig.telemetry` (CONFIG.md 2.8). */
export interface TelemetryOptions {
  /** Full OTLP/HTTP traces URL; unset = the exporter's default (`OTEL_EXPORTER_OTLP_*` or localhost:4318). */
  tracesEndpoint?: string;
  version: string;
  environment: string;
}

export interface TelemetrySdkOptions extends TelemetryOptions {
  /** Replaces the OTLP batch pipeline (tests use an in-memory exporter). */
  spanProcessor?: SpanProcessor;
}

/** API.md 12.3 step 4: telemetry gets at most this long to flush at shutdown. */
export const TELEMETRY_FLUSH_TIMEOUT_MS = 5_000;

/**
 * The process's OpenTelemetry tracing pipeline (API.md 11.2): tracer provider with the service
 * resource, batch processor, OTLP/HTTP protobuf exporter, AsyncLocalStorage context and W3C
 * propagators registered as the OTel globals.
 *
 * One per process: `main` starts it before the application is created; `TracingModule` reuses it (or
 * starts it when nothing did, as in tests) and shuts it down with the application.
 */
export class TelemetrySdk {
  private static active: TelemetrySdk | undefined;

  readonly tracer: Tracer;
  readonly propagator: TextMapPropagator;
  private readonly provider: TracerProvider;
  private readonly registered: { trace: boolean; context: boolean; propagation: boolean };
  private stopped: Promise<void> | undefined;

  private constructor(options: TelemetrySdkOptions) {
    const processor =
      options.spanProcessor ??
      new BatchSpanProcessor({
        exporter: new OTLPTraceExporter({
          ...(options.tracesEndpoint ? { url: options.tracesEndpoint } : {}),
          timeoutMillis: TELEMETRY_FLUSH_TIMEOUT_MS,
        }),
      });
    this.provider = new TracerProvider({
      resource: serviceResource(options),
      spanProcessors: [processor],
    });
    this.propagator = new CompositePropagator({
      propagators: [new W3CTraceContextPropagator(), new W3CBaggagePropagator()],
    });
    this.tracer = this.provider.getTracer(TRACER_NAME, options.version);
    // The globals let any other instrumentation join the same traces; we never rely on them ourselves.
    this.registered = {
      trace: trace.setGlobalTracerProvider(this.provider),
      context: context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable()),
      propagation: propagation.setGlobalPropagator(this.propagator),
    };
  }

  /** Starts the process SDK, or returns the one already started. */
  static start(options: TelemetrySdkOptions): TelemetrySdk {
    TelemetrySdk.active ??= new TelemetrySdk(options);
    return TelemetrySdk.active;
  }

  /** Exports every ended span now. */
  async forceFlush(): Promise<void> {
    await this.provider.forceFlush({ timeoutMillis: TELEMETRY_FLUSH_TIMEOUT_MS });
  }

  /** Flushes (bounded by 5 s), stops the pipeline and releases the globals. Idempotent. */
  shutdown(): Promise<void> {
    this.stopped ??= this.stop();
    return this.stopped;
  }

  private async stop(): Promise<void> {
    if (TelemetrySdk.active === this) {
      TelemetrySdk.active = undefined;
    }
    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise<void>((resolve) => {
      timer = setTimeout(resolve, TELEMETRY_FLUSH_TIMEOUT_MS);
      timer.unref();
    });
    try {
      await Promise.race([this.provider.shutdown(), deadline]);
    } finally {
      clearTimeout(timer);
      if (this.registered.trace) {
        trace.disable();
      }
      if (this.registered.context) {
        context.disable();
      }
      if (this.registered.propagation) {
        propagation.disable();
      }
    }
  }
}

function serviceResource(options: TelemetryOptions): Resource {
  return defaultResource().merge(
    resourceFromAttributes({
      'service.name': 'workspace',
      'service.version': options.version,
      'deployment.environment': options.environment,
    }),
  );
}
