import { SpanStatusCode } from '@opentelemetry/api';
import {
  CompositePropagator,
  W3CBaggagePropagator,
  W3CTraceContextPropagator,
} from '@opentelemetry/core';
import {
  InMemorySpanExporter,
  type ReadableSpan,
  SimpleSpanProcessor,
  TracerProvider,
} from '@opentelemetry/sdk-trace';
import type { Invocation } from '#app/contracts';
import { OtelInvocationTracer, TRACER_NAME } from './otel-invocation-tracer.js';

const TRACE_ID = '4bf92f3577b34da6a3ce929d0e0e4736';
const PARENT_SPAN_ID = '00f067aa0ba902b7';

function running(overrides: Partial<Invocation> = {}): Invocation {
  return {
    id: 'inv_1',
    session_id: 'ses_1',
    tool_name: 'fs.stat',
    correlation_id: 'corr-1',
    status: 'running',
    started_at: '2025-01-01T00:00:00.000Z',
    duration_ms: 0,
    trace_name: 'workspace.fs',
    span_name: 'fs.stat',
    exit_code: 0,
    logs: [],
    artifacts: [],
    ...overrides,
  };
}

describe('OtelInvocationTracer', () => {
  let exporter: InMemorySpanExporter;
  let provider: TracerProvider;
  let tracer: OtelInvocationTracer;

  beforeEach(() => {
    exporter = new InMemorySpanExporter();
    provider = new TracerProvider({ spanProcessors: [new SimpleSpanProcessor({ exporter })] });
    const propagator = new CompositePropagator({
      propagators: [new W3CTraceContextPropagator(), new W3CBaggagePropagator()],
    });
    tracer = new OtelInvocationTracer(provider.getTracer(TRACER_NAME), propagator);
  });

  afterEach(async () => {
    await provider.shutdown();
  });

  function onlySpan(): ReadableSpan {
    const spans = exporter.getFinishedSpans();
    expect(spans).toHaveLength(1);
    return spans[0];
  }

  it('should name the span after the capability span name and set the start attributes when started', () => {
    tracer.start(running(), {}).end(running({ status: 'succeeded', duration_ms: 12 }));

    const span = onlySpan();
    expect(span.name).toBe('fs.stat');
    expect(span.instrumentationScope.name).toBe('workspace.service');
    expect(span.attributes).toMatchObject({
      'workspace.tool': 'fs.stat',
      'workspace.session_id': 'ses_1',
      'workspace.invocation_id': 'inv_1',
      'workspace.correlation_id': 'corr-1',
      'workspace.trace_name': 'workspace.fs',
    });
  });

  it('should set an empty correlation id attribute when the invocation has none', () => {
    const { correlation_id: _omitted, ...withoutCorrelation } = running();
    tracer.start(withoutCorrelation, {}).end({ ...withoutCorrelation, status: 'succeeded' });

    expect(onlySpan().attributes['workspace.correlation_id']).toBe('');
  });

  it('should end with status OK, status succeeded and no error attribute when the invocation succeeded', () => {
    tracer.start(running(), {}).end(running({ status: 'succeeded', duration_ms: 12 }));

    const span = onlySpan();
    // The SDK drops a description on OK (OTel API spec: "MUST be IGNORED for StatusCode Ok"); the
    // outcome travels in workspace.invocation_status.
    expect(span.status).toEqual({ code: SpanStatusCode.OK });
    expect(span.attributes['workspace.invocation_status']).toBe('succeeded');
    expect(span.attributes['workspace.duration_ms']).toBe(12);
    expect(span.attributes).not.toHaveProperty('workspace.error_code');
    expect(span.events).toEqual([]);
  });

  it('should end with status ERROR, the error code and an exception event when the invocation was denied', () => {
    const error = { code: 'policy_denied', message: 'path outside workspace', retryable: false };
    tracer.start(running(), {}).end(running({ status: 'denied', duration_ms: 3, error }));

    const span = onlySpan();
    expect(span.status).toEqual({ code: SpanStatusCode.ERROR, message: 'path outside workspace' });
    expect(span.attributes).toMatchObject({
      'workspace.invocation_status': 'denied',
      'workspace.duration_ms': 3,
      'workspace.error_code': 'policy_denied',
    });
    expect(span.events).toHaveLength(1);
    expect(span.events[0]?.name).toBe('exception');
    expect(span.events[0]?.attributes).toEqual({
      'exception.type': 'policy_denied',
      'exception.message': 'path outside workspace',
    });
  });

  it('should continue the caller trace when the carrier has a traceparent header', () => {
    const carrier = { traceparent: `00-${TRACE_ID}-${PARENT_SPAN_ID}-01`, baggage: 'tenant=acme' };
    tracer.start(running(), carrier).end(running({ status: 'succeeded' }));

    const span = onlySpan();
    expect(span.spanContext().traceId).toBe(TRACE_ID);
    expect(span.parentSpanContext?.spanId).toBe(PARENT_SPAN_ID);
    expect(span.parentSpanContext?.isRemote).toBe(true);
  });

  it('should start a new root trace when the traceparent header is malformed', () => {
    tracer
      .start(running(), { traceparent: 'not-a-traceparent' })
      .end(running({ status: 'succeeded' }));

    const span = onlySpan();
    expect(span.parentSpanContext).toBeUndefined();
    expect(span.spanContext().traceId).not.toBe(TRACE_ID);
  });

  it('should end the span flagged as discarded without outcome attributes or status when discarded', () => {
    tracer.start(running(), {}).discard();

    const span = onlySpan();
    expect(span.attributes['workspace.discarded']).toBe(true);
    expect(span.attributes).not.toHaveProperty('workspace.invocation_status');
    expect(span.attributes).not.toHaveProperty('workspace.duration_ms');
    expect(span.status.code).toBe(SpanStatusCode.UNSET);
  });
});
