import { createServer, request as httpRequest, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A reverse proxy in front of test replicas that cuts every request after a fixed time. */
export interface CuttingProxy {
  port: number;
  /** How many responses the proxy cut before they had ended. */
  cuts(): number;
  /** The target port each request to `path` went to, in order. */
  routed(path: string): number[];
  close(): Promise<void>;
}

/**
 * Stands for a gateway (load balancer, API gateway) that ends every request after `cutAfterMs`
 * whatever it carries — the "60 s gateway" of issue 14, scaled down. Requests and responses pass
 * through unchanged (no buffering); a response still open at the deadline has its client socket
 * and its upstream request destroyed, as such a gateway does to a long SSE stream. With several
 * target ports, successive requests to one path go round-robin (a counter per path, so other
 * requests in between cannot line a resumed stream up with the same replica every time).
 */
export async function startCuttingProxy(
  targetPorts: readonly number[],
  cutAfterMs: number,
): Promise<CuttingProxy> {
  let cuts = 0;
  const routes = new Map<string, number[]>();
  const server = createServer((incoming, outgoing) => {
    const path = (incoming.url ?? '/').split('?')[0] ?? '/';
    const earlier = routes.get(path) ?? [];
    const port = targetPorts[earlier.length % targetPorts.length];
    routes.set(path, [...earlier, port]);
    const upstream = httpRequest(
      {
        host: '127.0.0.1',
        port,
        method: incoming.method,
        path: incoming.url,
        headers: incoming.headers,
      },
      (answer: IncomingMessage) => {
        outgoing.writeHead(answer.statusCode ?? 502, answer.headers);
        // Every chunk at once: an SSE event must not wait in the proxy.
        outgoing.flushHeaders();
        answer.pipe(outgoing);
      },
    );
    upstream.on('error', () => outgoing.destroy());
    incoming.pipe(upstream);
    const timer = setTimeout(() => {
      if (!outgoing.writableEnded) {
        cuts++;
        upstream.destroy();
        outgoing.destroy();
      }
    }, cutAfterMs);
    outgoing.on('close', () => clearTimeout(timer));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as AddressInfo).port,
    cuts: () => cuts,
    routed: (path) => [...(routes.get(path) ?? [])],
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
