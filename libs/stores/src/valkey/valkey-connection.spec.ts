import { AppException } from '#app/errors';
import { RedisServerProcess } from '#app/testing';
import { SystemClock } from '../clock.js';
import { invocationFixture, sessionFixture, uniquePrefix } from '../testing/store-fixtures.js';
import { ValkeyConnection } from './valkey-connection.js';
import { ValkeyInvocationStore } from './valkey-invocation-store.js';
import { ValkeyLimitCounters } from './valkey-limit-counters.js';
import { ValkeySessionStore } from './valkey-session-store.js';

describe('ValkeyConnection startup', () => {
  it('should fail with the unreachable message when nothing listens on the port', async () => {
    const server = await RedisServerProcess.start();
    await server.stop();
    const started = Date.now();

    await expect(
      ValkeyConnection.open({ host: '127.0.0.1', port: server.port, db: 0 }),
    ).rejects.toThrow(
      new RegExp(`^valkey unreachable at 127\\.0\\.0\\.1:${server.port}: .*ECONNREFUSED`),
    );
    expect(Date.now() - started).toBeLessThan(5500);
  });

  it('should keep the password out of the message when authentication fails', async () => {
    const server = await RedisServerProcess.start(['--requirepass', 'the-right-one']);
    try {
      const failure = await ValkeyConnection.open({
        host: '127.0.0.1',
        port: server.port,
        db: 0,
        password: 'hunter2-secret',
      }).then(
        async (connection) => {
          await connection.close();
          return new Error('connected with a wrong password');
        },
        (error: Error) => error,
      );

      expect(failure.message).toMatch(/^valkey unreachable at 127\.0\.0\.1:\d+: WRONGPASS/);
      expect(failure.message).not.toContain('hunter2-secret');
    } finally {
      await server.stop();
    }
  });

  it('should connect when the password is right', async () => {
    const server = await RedisServerProcess.start(['--requirepass', 'the-right-one']);
    try {
      const connection = await ValkeyConnection.open({
        host: '127.0.0.1',
        port: server.port,
        db: 0,
        password: 'the-right-one',
      });

      expect(await connection.check()).toBeNull();
      await connection.close();
    } finally {
      await server.stop();
    }
  });
});

describe('ValkeyConnection database', () => {
  it('should use the configured logical database when VALKEY_DB is set', async () => {
    const server = await RedisServerProcess.start();
    const db3 = await ValkeyConnection.open({ host: '127.0.0.1', port: server.port, db: 3 });
    const db0 = await ValkeyConnection.open({ host: '127.0.0.1', port: server.port, db: 0 });
    try {
      await db3.client.set('marker', 'db3');

      expect(await db0.client.get('marker')).toBeNull();
      expect(await db3.client.get('marker')).toBe('db3');
    } finally {
      await db3.close();
      await db0.close();
      await server.stop();
    }
  });
});

describe('ValkeyConnection faults (own redis-server)', () => {
  let server: RedisServerProcess;
  let connection: ValkeyConnection;
  const prefix = uniquePrefix('fault');

  beforeAll(async () => {
    server = await RedisServerProcess.start();
    connection = await ValkeyConnection.open({ host: '127.0.0.1', port: server.port, db: 0 });
  });

  afterAll(async () => {
    await connection?.close();
    await server?.stop();
  });

  it('should fail fast with unavailable while the server is down and recover after it restarts', async () => {
    const sessions = new ValkeySessionStore(
      connection,
      `${prefix}:session`,
      86400,
      new SystemClock(),
    );
    const invocations = new ValkeyInvocationStore(connection, `${prefix}:invocation`, 3600);
    const counters = new ValkeyLimitCounters(connection, `${prefix}:limits`);
    expect(await sessions.claim(sessionFixture('session-a'))).toBe(true);
    expect(await sessions.check()).toBeNull();

    await server.stop();
    await waitFor(() => connection.client.status !== 'ready');
    const started = Date.now();
    const failures = await Promise.all(
      [
        sessions.get('session-a'),
        sessions.claim(sessionFixture('session-b')),
        sessions.count(),
        invocations.save(invocationFixture()),
        invocations.findByCorrelation({ sessionId: 's', toolName: 't', correlationId: 'c' }),
        counters.hitWindow('session', 'session-a', 1),
        counters.acquire('session-a'),
      ].map((operation) =>
        operation.then(
          () => 'resolved',
          (error: unknown) => error,
        ),
      ),
    );
    const elapsed = Date.now() - started;
    const invocationCheck = await invocations.check();

    for (const failure of failures) {
      expect(failure).toBeInstanceOf(AppException);
      expect(failure).toMatchObject({ code: 'unavailable', message: 'valkey unavailable' });
    }
    expect(elapsed).toBeLessThan(3000);
    expect(invocationCheck).toMatch(
      new RegExp(`^valkey not connected at 127\\.0\\.0\\.1:${server.port}: `),
    );

    await server.restart();
    await waitFor(async () => (await sessions.check()) === null, 10_000);

    // A fresh server (no persistence): the record is gone, but the same client works again.
    expect(await sessions.get('session-a')).toBeNull();
    expect(await sessions.claim(sessionFixture('session-a'))).toBe(true);
    expect(await counters.hitWindow('session', 'session-a', 1)).toBe(1);
  });
});

async function waitFor(
  condition: () => boolean | Promise<boolean>,
  timeoutMs = 5000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) {
      throw new Error('condition not met in time');
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
