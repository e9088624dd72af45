import { propagation, trace } from '@opentelemetry/api';
import { type ExportResult, ExportResultCode } from '@opentelemetry/core';
import { BatchSpanProcessor, type ReadableSpan, type SpanExporter } from '@opentelemetry/sdk-trace';
import { TelemetrySdk } from './telemetry-sdk.js';

/** Keeps what was exported even after shutdown (the SDK's in-memory exporter clears itself then). */
class CollectingExporter implements SpanExporter {
  readonly spans: ReadableSpan[] = [];

  export(spans: ReadableSpan[], done: (result: ExportResult) => void): void {
    this.spans.push(...spans);
    done({ code: ExportResultCode.SUCCESS });
  }

  async shutdown(): Promise<void> {}
}

describe('TelemetrySdk', () => {
  let exporter: CollectingExporter;
  let sdk: TelemetrySdk;

  beforeEach(() => {
    exporter = new CollectingExporter();
    sdk = TelemetrySdk.start({
      version: '1.2.3',
      environment: 'test',
      // A long delay proves that shutdown, not the schedule, exports the spans.
      spanProcessor: new BatchSpanProcessor({ exporter, scheduledDelayMillis: 60_000 }),
    });
  });

  afterEach(async () => {
    await sdk.shutdown();
  });

  it('should export spans with the workspace resource and tracer name when flushed at shutdown', async () => {
    sdk.tracer.startSpan('fs.stat').end();
    expect(exporter.spans).toHaveLength(0);

    await sdk.shutdown();

    expect(exporter.spans).toHaveLength(1);
    const span = exporter.spans[0];
    expect(span.instrumentationScope).toMatchObject({
      name: 'workspace.service',
      version: '1.2.3',
    });
    expect(span.resource.attributes).toMatchObject({
      'service.name': 'workspace',
      'service.version': '1.2.3',
      'deployment.environment': 'test',
    });
  });

  it('should return the running SDK when started twice', () => {
    expect(TelemetrySdk.start({ version: 'other', environment: 'other' })).toBe(sdk);
  });

  it('should register the W3C propagators and tracer provider as OTel globals while running', async () => {
    expect(propagation.fields()).toEqual(
      expect.arrayContaining(['traceparent', 'tracestate', 'baggage']),
    );
    trace.getTracer('other').startSpan('global').end();
    await sdk.forceFlush();
    expect(exporter.spans.map((span) => span.name)).toEqual(['global']);
  });

  it('should release the globals and allow a new SDK when shut down', async () => {
    await sdk.shutdown();
    expect(propagation.fields()).toEqual([]);

    const next = TelemetrySdk.start({
      version: '2',
      environment: 'x',
      spanProcessor: new BatchSpanProcessor({ exporter }),
    });
    try {
      expect(next).not.toBe(sdk);
    } finally {
      await next.shutdown();
    }
  });
});
