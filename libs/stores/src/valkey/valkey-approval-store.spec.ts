import { approvalFixture, approvalStoreContract } from '../testing/approval-store.contract.js';
import { uniquePrefix } from '../testing/store-fixtures.js';
import {
  deleteKeys,
  openTestConnection,
  redisAvailable,
} from '../testing/valkey-test-connection.js';
import { ValkeyApprovalStore } from './valkey-approval-store.js';
import type { ValkeyConnection } from './valkey-connection.js';

const describeRedis = (await redisAvailable()) ? describe : describe.skip;

describeRedis('ValkeyApprovalStore (Redis 127.0.0.1:6379)', () => {
  let connection: ValkeyConnection;

  beforeAll(async () => {
    connection = await openTestConnection();
  });

  afterAll(async () => {
    await connection.close();
  });

  approvalStoreContract(async () => {
    const prefix = uniquePrefix('approvals');
    return {
      store: new ValkeyApprovalStore(connection, 900, prefix),
      cleanup: () => deleteKeys(connection, prefix),
    };
  });

  describe('layout', () => {
    it('should keep a hash under <prefix>:approval:<id> and index it per tenant, both with a TTL', async () => {
      const prefix = uniquePrefix('approvals-layout');
      const store = new ValkeyApprovalStore(connection, 60, prefix);
      const approval = approvalFixture(Date.now(), {
        requested_by: { tenant: 'acme corp', actor: 'alice' },
      });
      try {
        await store.create(approval);

        const key = `${prefix}:approval:${approval.id}`;
        expect(await connection.client.hget(key, 'status')).toBe('pending');
        expect(await connection.client.ttl(key)).toBeGreaterThan(900);
        expect(await connection.client.ttl(key)).toBeLessThanOrEqual(960);
        expect(await connection.client.zrange(`${prefix}:approvals:acme+corp`, '0', '-1')).toEqual([
          approval.id,
        ]);
        expect(await connection.client.ttl(`${prefix}:approvals:acme+corp`)).toBeGreaterThan(900);
      } finally {
        await deleteKeys(connection, prefix);
      }
    });

    it('should consume once across two connections (two replicas)', async () => {
      const prefix = uniquePrefix('approvals-replicas');
      const other = await openTestConnection();
      try {
        const mine = new ValkeyApprovalStore(connection, 60, prefix);
        const theirs = new ValkeyApprovalStore(other, 60, prefix);
        const approval = approvalFixture(Date.now());
        await mine.create(approval);
        await theirs.decide(
          approval.id,
          'acme',
          { status: 'approved', decided_by: { tenant: 'acme', actor: 'bob' }, decided_at: 'x' },
          Date.now(),
        );
        const use = {
          tenant: 'acme',
          session_id: approval.session_id,
          tool_name: approval.tool_name,
          args_sha256: approval.args_sha256,
          used_at: new Date().toISOString(),
          invocation_id: 'inv-1',
        };

        const results = await Promise.all([
          mine.consume(approval.id, use, Date.now()),
          theirs.consume(approval.id, use, Date.now()),
          mine.consume(approval.id, use, Date.now()),
          theirs.consume(approval.id, use, Date.now()),
        ]);

        expect(results.map((result) => result.outcome).sort()).toEqual([
          'consumed',
          'used',
          'used',
          'used',
        ]);
      } finally {
        await other.close();
        await deleteKeys(connection, prefix);
      }
    });
  });
});
