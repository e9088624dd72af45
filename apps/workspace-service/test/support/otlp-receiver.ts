import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { gunzipSync } from 'node:zlib';
import { type DecodedSpan, decodeExportTraceServiceRequest } from './otlp-trace-decoder.js';

export interface ReceivedExport {
  contentType: string;
  path: string;
  spans: DecodedSpan[];
}

/** A real OTLP/HTTP protobuf traces receiver on a free loopback port (test collector). */
export interface OtlpReceiver {
  /** `127.0.0.1:<port>`, the form of WORKSPACE_OTEL_EXPORTER_OTLP_ENDPOINT. */
  hostPort: string;
  exports: ReceivedExport[];
  spans(): DecodedSpan[];
  close(): Promise<void>;
}

async function readBody(request: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) {
    chunks.push(chunk as Buffer);
  }
  const body = Buffer.concat(chunks);
  return request.headers['content-encoding'] === 'gzip' ? gunzipSync(body) : body;
}

export async function startOtlpReceiver(): Promise<OtlpReceiver> {
  const exports: ReceivedExport[] = [];
  const server: Server = createServer((request, response) => {
    if (request.method !== 'POST' || request.url !== '/v1/traces') {
      response.writeHead(404).end();
      return;
    }
    readBody(request).then(
      (body) => {
        exports.push({
          contentType: request.headers['content-type'] ?? '',
          path: request.url ?? '',
          spans: decodeExportTraceServiceRequest(body),
        });
        // An empty ExportTraceServiceResponse is a zero-length protobuf message.
        response.writeHead(200, { 'content-type': 'application/x-protobuf' }).end();
      },
      () => response.writeHead(400).end(),
    );
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    hostPort: `127.0.0.1:${port}`,
    exports,
    spans: () => exports.flatMap((item) => item.spans),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
