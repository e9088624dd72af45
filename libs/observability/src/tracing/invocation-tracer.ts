import type { Invocation } from '#app/contracts';

/** The incoming request headers that may carry W3C trace context (`traceparent`, `tracestate`, `baggage`). */
export type TraceCarrier = Record<string, string | string[] | undefined>;

/** One span per non-replayed invocation (API.md 11.2). */
export interface InvocationSpan {
  /** Ends the span with the terminal attributes and status of the record. */
  end(invocation: Invocation): void;
  /** Ends the span without reporting it as an outcome (lost correlation race, failed C1 save). */
  discard(): void;
}

/**
 * Starts invocation spans. The no-op implementation is used when tracing is off; the OpenTelemetry
 * one (issue #3) when `WORKSPACE_OTEL_ENABLED=true`.
 */
export abstract class InvocationTracer {
  abstract start(invocation: Invocation, carrier: TraceCarrier): InvocationSpan;
}

const NOOP_SPAN: InvocationSpan = {
  end: () => undefined,
  discard: () => undefined,
};

export class NoopInvocationTracer extends InvocationTracer {
  start(): InvocationSpan {
    return NOOP_SPAN;
  }
}
