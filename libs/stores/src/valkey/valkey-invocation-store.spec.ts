import { invocationStoreContract } from '../testing/invocation-store.contract.js';
import { invocationFixture, uniquePrefix } from '../testing/store-fixtures.js';
import {
  deleteKeys,
  openTestConnection,
  redisAvailable,
} from '../testing/valkey-test-connection.js';
import type { ValkeyConnection } from './valkey-connection.js';
import { ValkeyInvocationStore } from './valkey-invocation-store.js';

const describeRedis = (await redisAvailable()) ? describe : describe.skip;

describeRedis('ValkeyInvocationStore (Redis 127.0.0.1:6379)', () => {
  let connection: ValkeyConnection;

  beforeAll(async () => {
    connection = await openTestConnection();
  });

  afterAll(async () => {
    await connection.close();
  });

  invocationStoreContract(async () => {
    const prefix = uniquePrefix('invocation');
    return {
      store: new ValkeyInvocationStore(connection, prefix, 3600),
      cleanup: () => deleteKeys(connection, prefix),
    };
  });

  describe('layout', () => {
    let prefix: string;

    beforeEach(() => {
      prefix = uniquePrefix('invocation-layout');
    });

    afterEach(async () => {
      await deleteKeys(connection, prefix);
    });

    it('should store an envelope without output and logs but with their refs when saving a final record', async () => {
      const store = new ValkeyInvocationStore(connection, prefix, 3600);
      const final = invocationFixture({
        status: 'succeeded',
        output: { content: 'secret output' },
        output_ref: 'artifact-0000000000000001',
        logs: [{ at: new Date().toISOString(), channel: 'stdout', message: 'hello' }],
        logs_ref: 'artifact-0000000000000002',
      });

      await store.save(final);

      const stored = JSON.parse(
        (await connection.client.get(`${prefix}:${final.id}`)) ?? '{}',
      ) as Record<string, unknown>;
      expect(stored).not.toHaveProperty('output');
      expect(stored).not.toHaveProperty('logs');
      expect(stored).toMatchObject({
        output_ref: 'artifact-0000000000000001',
        logs_ref: 'artifact-0000000000000002',
      });
      const { output: _output, ...withoutOutput } = final;
      expect(await store.get(final.id)).toEqual({ ...withoutOutput, logs: [] });
    });

    it('should reset the TTL on every save and give the correlation entry the same TTL', async () => {
      const store = new ValkeyInvocationStore(connection, prefix, 300);
      const running = invocationFixture({ correlation_id: 'req 1/é' });
      await store.save(running);
      await connection.client.expire(`${prefix}:${running.id}`, 10);

      await store.save({ ...running, status: 'succeeded' });
      await store.claimCorrelation(
        { sessionId: running.session_id, toolName: 'fs.read_file', correlationId: 'req 1/é' },
        running.id,
      );

      expect(await connection.client.ttl(`${prefix}:${running.id}`)).toBeGreaterThan(290);
      const corrKey = `${prefix}:corr:${running.session_id}:fs.read_file:req+1%2F%C3%A9`;
      expect(await connection.client.get(corrKey)).toBe(running.id);
      expect(await connection.client.ttl(corrKey)).toBeGreaterThan(290);
    });

    it('should keep blobs in one hash beside the envelope and reset its TTL with the final save', async () => {
      const store = new ValkeyInvocationStore(connection, prefix, 300);
      const running = invocationFixture();
      await store.save(running);
      await store.putBlob(running.id, 'artifact-0000000000000001', Buffer.from('{"a":1}'));
      const blobsKey = `${prefix}:inline:${running.id}`;
      expect(await connection.client.ttl(blobsKey)).toBeGreaterThan(290);
      await connection.client.expire(blobsKey, 10);

      await store.save({
        ...running,
        status: 'succeeded',
        output_ref: 'artifact-0000000000000001',
      });

      expect(await connection.client.hgetBuffer(blobsKey, 'artifact-0000000000000001')).toEqual(
        Buffer.from('{"a":1}'),
      );
      expect(await connection.client.ttl(blobsKey)).toBeGreaterThan(290);
      const envelope = (await connection.client.get(`${prefix}:${running.id}`)) ?? '';
      expect(envelope).not.toContain('"a":1');
    });

    it('should set no expiry when the TTL is 0', async () => {
      const store = new ValkeyInvocationStore(connection, prefix, 0);
      const running = invocationFixture({ correlation_id: 'req-1' });

      await store.save(running);
      await store.claimCorrelation(
        { sessionId: running.session_id, toolName: running.tool_name, correlationId: 'req-1' },
        running.id,
      );

      expect(await connection.client.ttl(`${prefix}:${running.id}`)).toBe(-1);
      expect(
        await connection.client.ttl(`${prefix}:corr:${running.session_id}:fs.read_file:req-1`),
      ).toBe(-1);
      await store.putBlob(running.id, 'artifact-0000000000000001', Buffer.from('[]'));
      expect(await connection.client.ttl(`${prefix}:inline:${running.id}`)).toBe(-1);
    });

    it('should replay the same owner to a second replica when both share the prefix', async () => {
      const other = await openTestConnection();
      try {
        const mine = new ValkeyInvocationStore(connection, prefix, 3600);
        const theirs = new ValkeyInvocationStore(other, prefix, 3600);
        const first = invocationFixture({ correlation_id: 'req-1' });
        const twin = invocationFixture({ correlation_id: 'req-1' });
        await mine.save(first);
        await theirs.save(twin);
        const key = {
          sessionId: first.session_id,
          toolName: first.tool_name,
          correlationId: 'req-1',
        };

        const [a, b] = await Promise.all([
          mine.claimCorrelation(key, first.id),
          theirs.claimCorrelation(key, twin.id),
        ]);

        expect([a, b].filter((owner) => owner === null)).toHaveLength(1);
        const winner = a === null ? first.id : twin.id;
        expect(await theirs.findByCorrelation(key)).toBe(winner);
        expect((await theirs.get(first.id))?.id).toBe(first.id);
      } finally {
        await other.close();
      }
    });
  });
});
