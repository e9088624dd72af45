import { AppException } from '#app/errors';
import { RedisServerProcess } from '#app/testing';
import { SystemClock } from '../clock.js';
import { invocationFixture, sessionFixture, uniquePrefix } from '../testing/store-fixtures.js';
import { ValkeyConnection } from './valkey-connection.js';
import { ValkeyInvocationStore } from './valkey-invocation-store.js';
import { ValkeyLimitCounters } from './valkey-limit-counters.js';
import { ValkeySessionStore } from './valkey-session-store.js';

const OUT_OF_MEMORY = { code: 'unavailable', message: 'valkey out of memory' };

// A private redis-server at its memory limit with `noeviction` (docs/STORES.md, "Connection"):
// every write is refused, reads go on, and nothing is half-written.
describe('Valkey stores at maxmemory (private redis-server, noeviction)', () => {
  let server: RedisServerProcess;
  let connection: ValkeyConnection;
  const prefix = uniquePrefix('oom');
  let sessions: ValkeySessionStore;
  let invocations: ValkeyInvocationStore;
  let counters: ValkeyLimitCounters;

  beforeAll(async () => {
    server = await RedisServerProcess.start(['--maxmemory-policy', 'noeviction']);
    connection = await ValkeyConnection.open({ host: '127.0.0.1', port: server.port, db: 0 });
    sessions = new ValkeySessionStore(connection, `${prefix}:session`, 86400, new SystemClock());
    invocations = new ValkeyInvocationStore(connection, `${prefix}:invocation`, 3600);
    counters = new ValkeyLimitCounters(connection, `${prefix}:limits`);
  });

  afterAll(async () => {
    await connection?.close();
    await server?.stop();
  });

  async function fillToTheLimit(): Promise<void> {
    const filler = 'x'.repeat(64 * 1024);
    await Promise.all(
      Array.from({ length: 48 }, (_, i) => connection.client.set(`${prefix}:filler:${i}`, filler)),
    );
    await connection.client.config('SET', 'maxmemory', '1mb');
  }

  it('should refuse every write with 503 valkey out of memory, keep reads and write nothing', async () => {
    const running = invocationFixture();
    expect(await sessions.claim(sessionFixture('session-kept'))).toBe(true);
    await invocations.save(running);
    await fillToTheLimit();
    const blobs = [{ id: 'artifact-00000000000000f1', data: Buffer.from('{"out":1}') }];
    const final = { ...running, status: 'succeeded' as const, output_ref: blobs[0].id };
    const fresh = invocationFixture();

    const failures = await Promise.all(
      [
        invocations.save(fresh),
        invocations.saveTerminal(final, blobs),
        sessions.claim(sessionFixture('session-new')),
        counters.acquire('session-kept'),
      ].map((operation) =>
        operation.then(
          () => 'resolved',
          (error: unknown) => error,
        ),
      ),
    );

    for (const failure of failures) {
      expect(failure).toBeInstanceOf(AppException);
      expect(failure).toMatchObject(OUT_OF_MEMORY);
    }
    expect(await invocations.get(fresh.id)).toBeNull();
    expect(await invocations.get(running.id)).toMatchObject({ status: 'running' });
    expect(await invocations.getBlob(running.id, blobs[0].id)).toBeNull();
    expect(await sessions.get('session-kept')).toMatchObject({ id: 'session-kept' });
    expect(await sessions.get('session-new')).toBeNull();

    await connection.client.config('SET', 'maxmemory', '0');
    await invocations.saveTerminal(final, blobs);

    expect(await invocations.get(running.id)).toMatchObject({ status: 'succeeded' });
    expect(await invocations.getBlob(running.id, blobs[0].id)).toEqual(blobs[0].data);
  });
});
