import { TelemetrySdk } from '#app/observability';
import { type OtlpReceiver, startOtlpReceiver } from './support/otlp-receiver.js';
import type { DecodedSpan } from './support/otlp-trace-decoder.js';
import { startTestApp, type TestApp, type TestResponse } from './support/test-app.js';

const TRACE_ID = '4bf92f3577b34da6a3ce929d0e0e4736';
const PARENT_SPAN_ID = '00f067aa0ba902b7';
const OTLP_STATUS_OK = 1;
const OTLP_STATUS_ERROR = 2;

// API.md 11.2, through a real OTLP/HTTP protobuf export to a collector on a loopback port.
describe('OpenTelemetry invocation spans (API.md 11.2)', () => {
  let receiver: OtlpReceiver;
  let t: TestApp;
  let statId: string;
  let writeId: string;
  let sessionId: string;
  let spans: DecodedSpan[];
  let routing: { unknown: TestResponse; wrongMethod: TestResponse; ready: TestResponse };

  beforeAll(async () => {
    receiver = await startOtlpReceiver();
    t = await startTestApp({
      WORKSPACE_OTEL_ENABLED: 'true',
      WORKSPACE_OTEL_EXPORTER_OTLP_ENDPOINT: receiver.hostPort,
      WORKSPACE_OTEL_EXPORTER_OTLP_INSECURE: 'true',
      WORKSPACE_VERSION: '1.2.3',
      WORKSPACE_ENV: 'test',
    });
    const session = await t.request('POST', '/v1/sessions', {
      body: { principal: { tenant_id: 'demo', actor_id: 'alice', roles: ['developer'] } },
    });
    expect(session.status).toBe(201);
    sessionId = session.body.session.id;
    const invoke = (tool: string, body: unknown, headers?: Record<string, string>) =>
      t.request('POST', `/v1/sessions/${sessionId}/tools/${tool}/invoke`, { body, headers });

    const traceparent = `00-${TRACE_ID}-${PARENT_SPAN_ID}-01`;
    const stat = await invoke(
      'fs.stat',
      { correlation_id: 'trace-1', args: { path: '.' } },
      { traceparent },
    );
    expect(stat.status).toBe(200);
    statId = stat.body.invocation.id;
    const replay = await invoke(
      'fs.stat',
      { correlation_id: 'trace-1', args: { path: '.' } },
      { traceparent },
    );
    expect(replay.body.invocation.id).toBe(statId);
    const write = await invoke('fs.write_file', { args: { path: 'a.txt', content: 'x' } });
    expect(write.status).toBe(428);
    writeId = write.body.invocation.id;

    // nestjs-otel adds a middleware on every route: routing must still answer as API.md 1.4 says.
    routing = {
      unknown: await t.request('GET', '/v1/nope'),
      wrongMethod: await t.request('GET', '/v1/sessions'),
      ready: await t.request('GET', '/readyz'),
    };

    await t.app.get(TelemetrySdk).forceFlush();
    // Closing the app shuts the SDK down; nothing more may arrive after the explicit flush.
    await t.close();
    spans = receiver.spans();
  }, 30_000);

  afterAll(async () => {
    await receiver.close();
  });

  const spanOf = (invocationId: string): DecodedSpan => {
    const found = spans.filter(
      (span) => span.attributes['workspace.invocation_id'] === invocationId,
    );
    expect(found).toHaveLength(1);
    return found[0];
  };

  it('should export protobuf to /v1/traces one span per non-replayed invocation when tracing is enabled', () => {
    expect(receiver.exports.length).toBeGreaterThan(0);
    for (const item of receiver.exports) {
      expect(item.path).toBe('/v1/traces');
      expect(item.contentType).toBe('application/x-protobuf');
    }
    // Two invocations ran; the replay produced no span.
    expect(spans.map((span) => span.name).sort()).toEqual(['fs.stat', 'fs.write_file']);
  });

  it('should carry the service resource and the workspace.service tracer on every span', () => {
    for (const span of spans) {
      expect(span.resource).toMatchObject({
        'service.name': 'workspace',
        'service.version': '1.2.3',
        'deployment.environment': 'test',
      });
      expect(span.scope.name).toBe('workspace.service');
    }
  });

  it('should continue the caller trace and end OK with the outcome attributes when fs.stat succeeds', () => {
    const span = spanOf(statId);
    expect(span.name).toBe('fs.stat');
    expect(span.traceId).toBe(TRACE_ID);
    expect(span.parentSpanId).toBe(PARENT_SPAN_ID);
    expect(span.attributes).toMatchObject({
      'workspace.tool': 'fs.stat',
      'workspace.session_id': sessionId,
      'workspace.invocation_id': statId,
      'workspace.correlation_id': 'trace-1',
      'workspace.trace_name': 'workspace.tools',
      'workspace.invocation_status': 'succeeded',
    });
    expect(typeof span.attributes['workspace.duration_ms']).toBe('number');
    expect(span.attributes).not.toHaveProperty('workspace.error_code');
    expect(span.status.code).toBe(OTLP_STATUS_OK);
    expect(span.events).toEqual([]);
  });

  it('should start a root span and end ERROR with an exception event when fs.write_file is denied', () => {
    const span = spanOf(writeId);
    expect(span.name).toBe('fs.write_file');
    expect(span.parentSpanId).toBe('');
    expect(span.traceId).not.toBe(TRACE_ID);
    expect(span.attributes).toMatchObject({
      'workspace.tool': 'fs.write_file',
      'workspace.correlation_id': '',
      'workspace.invocation_status': 'denied',
      'workspace.error_code': 'approval_required',
    });
    expect(span.status.code).toBe(OTLP_STATUS_ERROR);
    expect(span.status.message.length).toBeGreaterThan(0);
    expect(span.events).toEqual([
      {
        name: 'exception',
        attributes: {
          'exception.type': 'approval_required',
          'exception.message': span.status.message,
        },
      },
    ]);
  });

  it('should keep the routing answers of API.md 1.4 when tracing (and nestjs-otel) is enabled', () => {
    expect(routing.unknown.status).toBe(404);
    expect(routing.unknown.body).toEqual({
      error: { code: 'not_found', message: 'route not found', retryable: false },
    });
    expect(routing.wrongMethod.status).toBe(405);
    expect(routing.wrongMethod.headers['allow']).toBe('POST');
    expect(routing.ready.status).toBe(200);
  });
});
