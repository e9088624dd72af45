import { invocationEventsContract } from '../testing/invocation-events.contract.js';
import { uniquePrefix } from '../testing/store-fixtures.js';
import {
  deleteKeys,
  openTestConnection,
  redisAvailable,
} from '../testing/valkey-test-connection.js';
import type { ValkeyConnection } from './valkey-connection.js';
import { ValkeyInvocationEvents } from './valkey-invocation-events.js';

const describeRedis = (await redisAvailable()) ? describe : describe.skip;

describeRedis('ValkeyInvocationEvents (Redis 127.0.0.1:6379)', () => {
  let connection: ValkeyConnection;

  beforeAll(async () => {
    connection = await openTestConnection();
  });

  afterAll(async () => {
    await connection.close();
  });

  invocationEventsContract(async () => {
    const prefix = uniquePrefix('events');
    const store = new ValkeyInvocationEvents(connection, prefix, 60);
    return {
      store,
      cleanup: async () => {
        await store.onApplicationShutdown();
        await deleteKeys(connection, prefix);
      },
    };
  });

  it('should keep one stream per invocation under <prefix>:events:<id> with the record TTL', async () => {
    const prefix = uniquePrefix('events-layout');
    const events = new ValkeyInvocationEvents(connection, prefix, 60);
    try {
      await events.append('inv-a', [{ event: 'log', data: 'x' }]);

      expect(await connection.client.type(`${prefix}:events:inv-a`)).toBe('stream');
      const ttl = await connection.client.ttl(`${prefix}:events:inv-a`);
      expect(ttl).toBeGreaterThan(0);
      expect(ttl).toBeLessThanOrEqual(60);
    } finally {
      await events.onApplicationShutdown();
      await deleteKeys(connection, prefix);
    }
  });

  it('should notify a reader on another replica (a second adapter on its own connection)', async () => {
    const prefix = uniquePrefix('events-replicas');
    const other = await openTestConnection();
    const writer = new ValkeyInvocationEvents(connection, prefix, 60);
    const reader = new ValkeyInvocationEvents(other, prefix, 60);
    try {
      const notified = new Promise<void>((resolve) => {
        reader.subscribe('inv-a', resolve);
      });
      await new Promise((resolve) => setTimeout(resolve, 300));

      await writer.append('inv-a', [{ event: 'done', data: { status: 'succeeded' } }]);
      await notified;

      expect((await reader.read('inv-a', null)).map((event) => event.event)).toEqual(['done']);
    } finally {
      await reader.onApplicationShutdown();
      await writer.onApplicationShutdown();
      await other.close();
      await deleteKeys(connection, prefix);
    }
  });
});
