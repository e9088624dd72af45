import { once } from 'node:events';
import { createServer, type Server, Socket } from 'node:net';
import { CLOSED_LOCAL_PORT, failureOf } from '#app/connections/testing';
import { BudgetExpired, CallDeadline } from './call-deadline.js';
import { ConnectionLeases, type LeaseOptions } from './connection-leases.js';

// A real TCP client: "connected" once the server's first byte (its greeting) arrives.
function dial(port: number, timeoutMs: number): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const socket = new Socket();
    socket.setTimeout(timeoutMs, () => socket.destroy(new Error('socket timeout')));
    socket.once('error', reject);
    socket.once('data', () => resolve(socket));
    socket.connect(port, '127.0.0.1');
  });
}

function options(
  port: number,
  budgetMs: number,
  signal = new AbortController().signal,
): LeaseOptions<Socket> {
  return {
    kind: 'test',
    endpoint: `tcp://user:s3cret@127.0.0.1:${port}`,
    deadline: new CallDeadline(budgetMs),
    signal,
    open: (timeoutMs) => dial(port, timeoutMs),
    close: async (socket) => {
      socket.destroy();
    },
  };
}

async function listen(
  greet: boolean,
): Promise<{ server: Server; port: number; sockets: Socket[] }> {
  const sockets: Socket[] = [];
  const server = createServer((socket) => {
    sockets.push(socket);
    socket.on('error', () => undefined);
    if (greet) {
      socket.write('hello');
    }
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const address = server.address();
  return {
    server,
    port: typeof address === 'object' && address !== null ? address.port : 0,
    sockets,
  };
}

describe('ConnectionLeases', () => {
  let leases: ConnectionLeases;

  beforeEach(() => {
    leases = new ConnectionLeases();
  });

  it('should answer execution_failed retryable at once when the endpoint port is closed', async () => {
    const started = Date.now();
    const failure = await failureOf(
      leases.run(options(CLOSED_LOCAL_PORT, 5000), async () => 'never'),
    );
    expect(failure).toEqual({
      code: 'execution_failed',
      message: expect.stringMatching(/^test connection failed: /),
      retryable: true,
    });
    expect(Date.now() - started).toBeLessThan(2000);
  });

  it('should give up a dial that never completes within the call budget', async () => {
    const silent = await listen(false);
    try {
      const started = Date.now();
      const failure = await failureOf(leases.run(options(silent.port, 300), async () => 'never'));
      expect(failure).toEqual({
        code: 'execution_failed',
        message: 'test connection failed: connect timed out after 300ms',
        retryable: true,
      });
      expect(Date.now() - started).toBeLessThan(1500);
    } finally {
      silent.sockets.forEach((socket) => socket.destroy());
      silent.server.close();
    }
  });

  describe('with a reachable endpoint', () => {
    let greeter: Awaited<ReturnType<typeof listen>>;

    beforeEach(async () => {
      greeter = await listen(true);
    });

    afterEach(() => {
      greeter.sockets.forEach((socket) => socket.destroy());
      greeter.server.close();
    });

    it('should return the work result and close the connection before returning', async () => {
      let used: Socket | undefined;
      const result = await leases.run(options(greeter.port, 2000), async (socket) => {
        used = socket;
        expect(leases.openCount).toBe(1);
        return 42;
      });
      expect(result).toBe(42);
      expect(used?.destroyed).toBe(true);
      expect(leases.openCount).toBe(0);
    });

    it('should turn an escaped budget expiry into timeout and a client error into redacted execution_failed', async () => {
      expect(
        await failureOf(
          leases.run(options(greeter.port, 2000), () => Promise.reject(new BudgetExpired())),
        ),
      ).toEqual({
        code: 'timeout',
        message: 'test operation timed out after 2000ms',
        retryable: true,
      });
      const leaky = new Error(
        `auth failed for tcp://user:s3cret@127.0.0.1:${greeter.port} (user:s3cret@)`,
      );
      const failure = await failureOf(
        leases.run(options(greeter.port, 2000), () => Promise.reject(leaky)),
      );
      expect(failure.code).toBe('execution_failed');
      expect(failure.retryable).toBe(true);
      expect(failure.message).not.toContain('s3cret');
      expect(failure.message).toContain('***@127.0.0.1');
    });

    it('should close a live connection when the call is aborted', async () => {
      const controller = new AbortController();
      const failure = failureOf(
        leases.run(options(greeter.port, 5000, controller.signal), async (socket) => {
          controller.abort();
          await once(socket, 'close');
          throw new Error('connection closed');
        }),
      );
      expect((await failure).code).toBe('execution_failed');
      expect(leases.openCount).toBe(0);
    });

    it('should close every live connection on shutdown and refuse new calls afterwards', async () => {
      let closed = false;
      const running = leases.run(options(greeter.port, 5000), async (socket) => {
        await once(socket, 'close');
        closed = true;
        return 'closed by shutdown';
      });
      while (leases.openCount === 0) {
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
      await leases.onApplicationShutdown();
      expect(await running).toBe('closed by shutdown');
      expect(closed).toBe(true);
      expect(await failureOf(leases.run(options(greeter.port, 1000), async () => 1))).toEqual({
        code: 'unavailable',
        message: 'service is shutting down',
        retryable: true,
      });
    });
  });
});
