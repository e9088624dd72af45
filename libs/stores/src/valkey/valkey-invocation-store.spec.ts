import { invocationStoreContract } from '../testing/invocation-store.contract.js';
import { invocationFixture, uniquePrefix } from '../testing/store-fixtures.js';
import {
  deleteKeys,
  openTestConnection,
  redisAvailable,
} from '../testing/valkey-test-connection.js';
import type { Invocation } from '#app/contracts';
import {
  InvocationFinishedElsewhereError,
  type LostInvocation,
  type RunningFacts,
} from '../invocation-store.port.js';
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

    it('should keep blobs in one hash beside the envelope with its TTL when saved final', async () => {
      const store = new ValkeyInvocationStore(connection, prefix, 300);
      const running = invocationFixture();
      await store.save(running);
      const blobsKey = `${prefix}:inline:${running.id}`;

      await store.saveTerminal(
        { ...running, status: 'succeeded', output_ref: 'artifact-0000000000000001' },
        [{ id: 'artifact-0000000000000001', data: Buffer.from('{"a":1}') }],
      );

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
      await store.saveTerminal({ ...running, status: 'succeeded' }, [
        { id: 'artifact-0000000000000001', data: Buffer.from('[]') },
      ]);
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
  describe('lost invocations (replicas on one Valkey)', () => {
    const facts: RunningFacts = {
      approved: true,
      argsSha256: 'ab'.repeat(32),
      principal: { tenant_id: 'acme', actor_id: 'alice', roles: ['developer'] },
      metadata: { purpose: 'lost' },
      // Kept with the running record so a lost invocation's audit line still says how it was approved.
      approvedVia: 'mcp_elicitation',
    };
    let prefix: string;
    let others: ValkeyConnection[];

    beforeEach(() => {
      prefix = uniquePrefix('invocation-lost');
      others = [];
    });

    afterEach(async () => {
      await deleteKeys(connection, prefix);
      await Promise.all(others.map((other) => other.close()));
    });

    // Each replica has its own connection, as separate processes would.
    async function replica(id: string): Promise<ValkeyInvocationStore> {
      const own = await openTestConnection();
      others.push(own);
      return new ValkeyInvocationStore(own, prefix, 3600, id);
    }

    function failedFrom(lost: LostInvocation): Invocation {
      return {
        ...lost.record,
        status: 'failed',
        completed_at: new Date().toISOString(),
        error: {
          code: 'unavailable',
          message: `invocation lost: replica ${lost.replicaId} stopped`,
          retryable: true,
        },
      };
    }

    it('should not report a running record as lost while its replica heartbeats', async () => {
      const a = await replica('replica-a');
      const b = await replica('replica-b');
      const running = invocationFixture();
      await a.heartbeat();
      await a.save(running, facts);

      expect(await b.findLost(running.id)).toBeNull();
      expect(await b.listLost()).toEqual([]);
      expect(await connection.client.pttl(`${prefix}:replica:replica-a`)).toBeGreaterThan(10_000);
    });

    it('should report the record, its replica and its audit facts once the heartbeat is gone', async () => {
      const a = await replica('replica-a');
      const b = await replica('replica-b');
      const running = invocationFixture({ correlation_id: 'req-1' });
      await a.heartbeat();
      await a.save(running, facts);

      await a.retire();

      const expected = { record: running, replicaId: 'replica-a', facts };
      expect(await b.findLost(running.id)).toEqual(expected);
      expect(await b.listLost()).toEqual([expected]);
      // The replica itself never sees its own records as lost, and readers never see the members.
      expect(await a.findLost(running.id)).toBeNull();
      expect(await b.get(running.id)).toEqual(running);
    });

    it('should let exactly one of two concurrent finishers replace the record', async () => {
      const a = await replica('replica-a');
      const b = await replica('replica-b');
      const c = await replica('replica-c');
      const running = invocationFixture();
      await a.save(running, facts); // replica-a never beats: it is already gone
      const seenByB = await b.findLost(running.id);
      const seenByC = await c.findLost(running.id);
      if (!seenByB || !seenByC) {
        throw new Error('both replicas should see the lost record');
      }
      const finalB = failedFrom(seenByB);
      const finalC = { ...failedFrom(seenByC), completed_at: '2030-01-01T00:00:00.000Z' };

      const results = await Promise.all([
        b.finishLost(seenByB, finalB),
        c.finishLost(seenByC, finalC),
      ]);

      expect(results.filter(Boolean)).toHaveLength(1);
      const winner = results[0] ? finalB : finalC;
      expect(await a.get(running.id)).toEqual({ ...winner, logs: [] });
      expect(await connection.client.hexists(`${prefix}:running`, running.id)).toBe(0);
      expect(await b.listLost()).toEqual([]);
      expect(await b.findLost(running.id)).toBeNull();
    });

    it('should refuse to finish a record that ended or whose replica beats again meanwhile', async () => {
      const a = await replica('replica-a');
      const b = await replica('replica-b');
      const ended = invocationFixture();
      const resumed = invocationFixture();
      await a.save(ended, facts);
      await a.save(resumed, facts);
      const lostEnded = await b.findLost(ended.id);
      const lostResumed = await b.findLost(resumed.id);
      if (!lostEnded || !lostResumed) {
        throw new Error('both records should be lost before the replica comes back');
      }
      const succeeded = { ...ended, status: 'succeeded' as const, duration_ms: 5 };
      await a.save(succeeded);
      await a.heartbeat();

      expect(await b.finishLost(lostEnded, failedFrom(lostEnded))).toBe(false);
      expect(await b.finishLost(lostResumed, failedFrom(lostResumed))).toBe(false);
      expect(await b.get(ended.id)).toEqual(succeeded);
      expect((await b.get(resumed.id))?.status).toBe('running');
    });

    it("should refuse the owner's terminal save once another replica finished the record", async () => {
      const a = await replica('replica-a');
      const b = await replica('replica-b');
      const running = invocationFixture();
      await a.save(running, facts);
      const lost = await b.findLost(running.id);
      if (!lost) {
        throw new Error('the record should be lost');
      }
      const failed = failedFrom(lost);
      await b.finishLost(lost, failed);

      const late = a.save({ ...running, status: 'succeeded', duration_ms: 30_000 });

      await expect(late).rejects.toBeInstanceOf(InvocationFinishedElsewhereError);
      await expect(late).rejects.toMatchObject({ record: { ...failed, logs: [] } });
      expect(await a.get(running.id)).toEqual({ ...failed, logs: [] });
    });

    // The terminal save asks the running index, not the record, whether the record still runs
    // (valkey-invocation-store.scripts.ts): these pin what it answers in each case.
    it("should accept the owner's terminal save while the record is running and indexed", async () => {
      const a = await replica('replica-a');
      const b = await replica('replica-b');
      const running = invocationFixture();
      await a.save(running, facts);
      expect(await b.findLost(running.id)).not.toBeNull();
      expect(await connection.client.hget(`${prefix}:running`, running.id)).toBe('replica-a');
      const succeeded = { ...running, status: 'succeeded' as const, duration_ms: 5 };

      await a.save(succeeded);

      expect(await a.get(running.id)).toEqual(succeeded);
      expect(await connection.client.hexists(`${prefix}:running`, running.id)).toBe(0);
    });

    it('should accept a terminal save whose record expired, with or without its index entry', async () => {
      const a = await replica('replica-a');
      const stale = invocationFixture();
      const unindexed = invocationFixture();
      await a.save(stale, facts);
      await a.save(unindexed, facts);
      await connection.client.del(`${prefix}:${stale.id}`, `${prefix}:${unindexed.id}`);
      await connection.client.hdel(`${prefix}:running`, unindexed.id);

      await a.save({ ...stale, status: 'succeeded' });
      await a.save({ ...unindexed, status: 'succeeded' });

      expect((await a.get(stale.id))?.status).toBe('succeeded');
      expect((await a.get(unindexed.id))?.status).toBe('succeeded');
      expect(await connection.client.hlen(`${prefix}:running`)).toBe(0);
    });

    // Not a state the store produces (SAVE_RUNNING writes record and entry together); shown so the
    // dependence on that invariant is visible: the record itself is not read to decide.
    it('should refuse as ended elsewhere a running record whose index entry was removed by hand', async () => {
      const a = await replica('replica-a');
      const running = invocationFixture();
      await a.save(running, facts);
      await connection.client.hdel(`${prefix}:running`, running.id);
      const blob = { id: 'artifact-00000000000000f1', data: Buffer.from('kept') };

      const late = a.saveTerminal({ ...running, status: 'succeeded', output_ref: blob.id }, [blob]);

      await expect(late).rejects.toBeInstanceOf(InvocationFinishedElsewhereError);
      await expect(late).rejects.toMatchObject({ record: { ...running, logs: [] } });
      expect(await a.get(running.id)).toEqual(running);
      expect(await a.getBlob(running.id, blob.id)).toBeNull();
    });

    it('should take a deleted record out of the running index', async () => {
      const a = await replica('replica-a');
      const running = invocationFixture();
      await a.save(running, facts);

      await a.delete(running.id);

      expect(await connection.client.hlen(`${prefix}:running`)).toBe(0);
    });

    it('should drop index entries whose record ended or expired when sweeping', async () => {
      const a = await replica('replica-a');
      const b = await replica('replica-b');
      const gone = invocationFixture();
      await a.save(gone, facts);
      await connection.client.del(`${prefix}:${gone.id}`);

      expect(await b.listLost()).toEqual([]);
      expect(await connection.client.hlen(`${prefix}:running`)).toBe(0);
    });
  });
});
