import {
  ROOT_CONTEXT,
  type Span,
  SpanStatusCode,
  type TextMapGetter,
  type TextMapPropagator,
  type Tracer,
} from '@opentelemetry/api';
import type { Invocation } from '#app/contracts';
import { type InvocationSpan, InvocationTracer, type TraceCarrier } from './invocation-tracer.js';

/** Tracer name of API.md 11.2. */
export const TRACER_NAME = 'workspace.service';

/** Span attribute keys of API.md 11.2 (plus `workspace.discarded`, ours). */
export const SpanAttribute = {
  tool: 'workspace.tool',
  sessionId: 'workspace.session_id',
  invocationId: 'workspace.invocation_id',
  correlationId: 'workspace.correlation_id',
  traceName: 'workspace.trace_name',
  status: 'workspace.invocation_status',
  durationMs: 'workspace.duration_ms',
  errorCode: 'workspace.error_code',
  discarded: 'workspace.discarded',
} as const;

// Header names arrive lower-cased from Node; a repeated header is joined the way HTTP folds it.
const headerGetter: TextMapGetter<TraceCarrier> = {
  keys: (carrier) => Object.keys(carrier),
  get: (carrier, key) => {
    const value = carrier[key.toLowerCase()];
    return Array.isArray(value) ? value.join(',') : value;
  },
};

/**
 * One OpenTelemetry span per non-replayed invocation, child of the W3C trace context carried by the
 * request headers (API.md 11.2).
 */
export class OtelInvocationTracer extends InvocationTracer {
  constructor(
    private readonly tracer: Tracer,
    private readonly propagator: TextMapPropagator,
  ) {
    super();
  }

  start(invocation: Invocation, carrier: TraceCarrier): InvocationSpan {
    const parent = this.propagator.extract(ROOT_CONTEXT, carrier, headerGetter);
    const span = this.tracer.startSpan(
      invocation.span_name,
      {
        attributes: {
          [SpanAttribute.tool]: invocation.tool_name,
          [SpanAttribute.sessionId]: invocation.session_id,
          [SpanAttribute.invocationId]: invocation.id,
          [SpanAttribute.correlationId]: invocation.correlation_id ?? '',
          [SpanAttribute.traceName]: invocation.trace_name,
        },
      },
      parent,
    );
    return new OtelInvocationSpan(span);
  }
}

class OtelInvocationSpan implements InvocationSpan {
  constructor(private readonly span: Span) {}

  end(invocation: Invocation): void {
    this.span.setAttributes({
      [SpanAttribute.status]: invocation.status,
      [SpanAttribute.durationMs]: invocation.duration_ms,
    });
    const error = invocation.error;
    if (error) {
      this.span.setAttribute(SpanAttribute.errorCode, error.code);
      this.span.recordException({ code: error.code, message: error.message });
    }
    if (invocation.status === 'succeeded') {
      // API.md asks for the description; a conforming SDK ignores it on OK (kept for SDKs that don't).
      this.span.setStatus({ code: SpanStatusCode.OK, message: 'succeeded' });
    } else {
      this.span.setStatus({
        code: SpanStatusCode.ERROR,
        message: error?.message ?? invocation.status,
      });
    }
    this.span.end();
  }

  // A started OTel span cannot be dropped: it ends unmarked by any outcome and flagged so that
  // backends can filter it (lost correlation race, failed C1 save).
  discard(): void {
    this.span.setAttribute(SpanAttribute.discarded, true);
    this.span.end();
  }
}
