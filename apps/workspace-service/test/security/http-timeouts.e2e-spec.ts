import { connect, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';
import { CONTRACT_HTTP_TIMEOUTS } from '../../src/create-app.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

// Issue 11 finding 19: headers closed after ~13 s instead of 5 s, a slow body got 408 after ~44 s
// instead of 30 s. The limits are the contract's (API.md 1.1) and are enforced within the check
// interval; the socket tests run the same code with shorter limits so they need not wait 30 s.

const HEADERS_MS = 1_000;
const REQUEST_MS = 2_000;
const KEEP_ALIVE_MS = 1_000;

interface Outcome {
  /** Everything the server wrote before closing. */
  received: string;
  /** Milliseconds from connect to close (only bounded from above, generously). */
  elapsedMs: number;
}

describe('HTTP transport deadlines (issue 11 finding 19)', () => {
  let t: TestApp;
  let port: number;

  beforeAll(async () => {
    t = await startTestApp(
      {},
      {
        httpTimeouts: {
          headersMs: HEADERS_MS,
          requestMs: REQUEST_MS,
          keepAliveMs: KEEP_ALIVE_MS,
          checkIntervalMs: 100,
        },
      },
    );
    await t.app.listen({ port: 0, host: '127.0.0.1' });
    port = (t.app.getHttpServer().address() as AddressInfo).port;
  });
  afterAll(() => t.close());

  /** Connects, lets `drive` write, and resolves when the server closes the connection. */
  const until = (drive: (socket: Socket) => void, giveUpMs: number): Promise<Outcome> =>
    new Promise((resolve, reject) => {
      const started = Date.now();
      let received = '';
      const socket = connect({ host: '127.0.0.1', port }, () => drive(socket));
      socket.setEncoding('utf8');
      socket.on('data', (chunk: string) => (received += chunk));
      const guard = setTimeout(() => {
        socket.destroy();
        reject(
          new Error(
            `server kept the connection open for ${giveUpMs} ms; received ${JSON.stringify(received)}`,
          ),
        );
      }, giveUpMs);
      socket.on('close', () => {
        clearTimeout(guard);
        resolve({ received, elapsedMs: Date.now() - started });
      });
      socket.on('error', () => undefined);
    });

  it('should use the contract limits in production: headers 5 s, request 30 s, keep-alive 120 s', async () => {
    const production = await startTestApp();
    try {
      const server = production.app.getHttpServer();
      expect({
        headers: server.headersTimeout,
        request: server.requestTimeout,
        keepAlive: server.keepAliveTimeout,
      }).toEqual({
        headers: 5_000,
        request: 30_000,
        keepAlive: 120_000,
      });
      expect(CONTRACT_HTTP_TIMEOUTS.checkIntervalMs).toBeLessThanOrEqual(1_000);
    } finally {
      await production.close();
    }
  });

  it('should enforce the production 5 s header deadline before 10 s (was ~13 s and more)', async () => {
    const production = await startTestApp();
    try {
      await production.app.listen({ port: 0, host: '127.0.0.1' });
      const productionPort = (production.app.getHttpServer().address() as AddressInfo).port;
      const outcome = await new Promise<string>((resolve, reject) => {
        let received = '';
        const socket = connect({ host: '127.0.0.1', port: productionPort }, () =>
          socket.write('GET /healthz HTTP/1.1\r\nHost: x\r\n'),
        );
        socket.setEncoding('utf8');
        socket.on('data', (chunk: string) => (received += chunk));
        socket.on('error', () => undefined);
        const guard = setTimeout(() => {
          socket.destroy();
          reject(new Error('headers deadline not enforced within 2 x 5 s'));
        }, 10_000);
        socket.on('close', () => {
          clearTimeout(guard);
          resolve(received);
        });
      });
      expect(outcome).toMatch(/^HTTP\/1\.1 408 /);
    } finally {
      await production.close();
    }
  }, 20_000);

  it('should answer 408 and close when the headers never finish', async () => {
    const outcome = await until(
      (socket) => socket.write('GET /healthz HTTP/1.1\r\nHost: x\r\nX-Slow: '),
      2 * HEADERS_MS + 1_000,
    );

    expect(outcome.received).toMatch(/^HTTP\/1\.1 408 /);
    expect(outcome.received).not.toMatch(/"status":"ok"/);
  });

  it('should close a connection that sends headers one byte at a time past the header deadline', async () => {
    const head = 'GET /healthz HTTP/1.1\r\nHost: x\r\n' + 'X-Pad: a\r\n'.repeat(200);
    let timer: NodeJS.Timeout | undefined;
    const outcome = await until(
      (socket) => {
        let index = 0;
        timer = setInterval(() => {
          if (!socket.destroyed && index < head.length) {
            socket.write(head[index]);
            index += 1;
          }
        }, 20);
      },
      2 * HEADERS_MS + 1_000,
    ).finally(() => clearInterval(timer));

    expect(outcome.received).toMatch(/^HTTP\/1\.1 408 /);
  });

  it('should answer 408 and close when the body stops arriving', async () => {
    const outcome = await until(
      (socket) =>
        socket.write(
          'POST /v1/sessions HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{"pri',
        ),
      2 * REQUEST_MS + 1_000,
    );

    expect(outcome.received).toMatch(/^HTTP\/1\.1 408 /);
    expect(outcome.received).not.toMatch(/ 201 /);
  });

  it('should answer 408 and close when the body trickles in slower than the request deadline', async () => {
    let timer: NodeJS.Timeout | undefined;
    const outcome = await until(
      (socket) => {
        socket.write('POST /v1/sessions HTTP/1.1\r\nHost: x\r\nContent-Length: 10000\r\n\r\n');
        timer = setInterval(() => {
          if (!socket.destroyed) {
            socket.write(' ');
          }
        }, 50);
      },
      2 * REQUEST_MS + 1_000,
    ).finally(() => clearInterval(timer));

    expect(outcome.received).toMatch(/^HTTP\/1\.1 408 /);
  });

  it('should close an idle keep-alive connection after the keep-alive limit', async () => {
    const outcome = await until(
      (socket) => socket.write('GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n'),
      2 * KEEP_ALIVE_MS + 2_000,
    );

    expect(outcome.received).toMatch(/^HTTP\/1\.1 200 /);
    expect(outcome.received).toMatch(/\{"status":"ok"\}$/);
  });

  it('should answer 408 and close a connection that never sends a byte', async () => {
    const outcome = await until(() => undefined, 2 * HEADERS_MS + 1_000);

    expect(outcome.received).toMatch(/^HTTP\/1\.1 408 /);
  });

  it('should serve a complete request normally under the short limits', async () => {
    const outcome = await until(
      (socket) =>
        socket.write(
          'POST /v1/sessions HTTP/1.1\r\nHost: x\r\nConnection: close\r\nContent-Length: 49\r\n\r\n{"principal":{"tenant_id":"t","actor_id":"a"}}   ',
        ),
      5_000,
    );

    expect(outcome.received).toMatch(/^HTTP\/1\.1 201 /);
  });
});
