import { SystemClock } from '../clock.js';
import { sessionStoreContract } from '../testing/session-store.contract.js';
import { sessionFixture, uniquePrefix } from '../testing/store-fixtures.js';
import {
  deleteKeys,
  openTestConnection,
  redisAvailable,
} from '../testing/valkey-test-connection.js';
import type { ValkeyConnection } from './valkey-connection.js';
import { ValkeySessionStore } from './valkey-session-store.js';

const describeRedis = (await redisAvailable()) ? describe : describe.skip;

describeRedis('ValkeySessionStore (Redis 127.0.0.1:6379)', () => {
  let connection: ValkeyConnection;

  beforeAll(async () => {
    connection = await openTestConnection();
  });

  afterAll(async () => {
    await connection.close();
  });

  sessionStoreContract(async () => {
    const prefix = uniquePrefix('session');
    return {
      store: new ValkeySessionStore(connection, prefix, 86400, new SystemClock()),
      cleanup: () => deleteKeys(connection, prefix),
    };
  });

  describe('layout', () => {
    let prefix: string;
    let store: ValkeySessionStore;

    beforeEach(() => {
      prefix = uniquePrefix('session-layout');
      store = new ValkeySessionStore(connection, prefix, 86400, new SystemClock());
    });

    afterEach(async () => {
      await deleteKeys(connection, prefix);
    });

    it('should store the Session JSON under <prefix>:<id> with a TTL ending at expires_at', async () => {
      const session = sessionFixture('session-a', 90);

      await store.claim(session);

      expect(JSON.parse((await connection.client.get(`${prefix}:session-a`)) ?? 'null')).toEqual(
        session,
      );
      const ttl = await connection.client.ttl(`${prefix}:session-a`);
      expect(ttl).toBeGreaterThanOrEqual(89);
      expect(ttl).toBeLessThanOrEqual(90);
    });

    it('should move the key TTL and the principal index to the new expires_at on replace', async () => {
      const session = sessionFixture('session-a', 90);
      await store.claimWithinLimit(session, 0);
      const expiresAt = Date.now() + 7200_000;

      await store.replace({ ...session, expires_at: new Date(expiresAt).toISOString() });

      const ttl = await connection.client.ttl(`${prefix}:session-a`);
      expect(ttl).toBeGreaterThanOrEqual(7199);
      expect(ttl).toBeLessThanOrEqual(7200);
      const index = `${prefix}-by-principal:${JSON.stringify(['acme', 'alice'])}`;
      expect(Number(await connection.client.zscore(index, 'session-a'))).toBe(expiresAt);
      expect(await connection.client.pttl(index)).toBeGreaterThan(7000_000);
    });

    it('should keep the key TTL and every other byte of the JSON on touch', async () => {
      const session = {
        ...sessionFixture('session-a', 90),
        principal: { tenant_id: 'acme', actor_id: 'alice', roles: [] },
        metadata: {},
        allowed_paths: ['src/', 'a/b'],
      };
      await store.claim(session);
      const at = new Date(Date.now() + 1000).toISOString();

      expect(await store.touch('session-a', at)).toBe(true);

      expect(await connection.client.get(`${prefix}:session-a`)).toBe(
        JSON.stringify({ ...session, last_activity_at: at }),
      );
      const ttl = await connection.client.ttl(`${prefix}:session-a`);
      expect(ttl).toBeGreaterThanOrEqual(88);
      expect(ttl).toBeLessThanOrEqual(90);
    });

    it('should refuse a touch of a record past its expires_at whose key has not gone yet', async () => {
      await store.claim(sessionFixture('session-a', -5));

      expect(await store.touch('session-a', new Date().toISOString())).toBe(false);
    });

    it('should use a TTL of at least one second when the session is about to expire', async () => {
      await store.claim(sessionFixture('session-a', -5));

      expect(await connection.client.ttl(`${prefix}:session-a`)).toBe(1);
    });

    it('should list nothing when the sweeper asks, because keys expire by TTL', async () => {
      await store.claim(sessionFixture('session-a'));

      expect(await store.listAll()).toEqual([]);
    });

    it('should find the session when another client on the same prefix claimed it', async () => {
      const other = await openTestConnection();
      try {
        await new ValkeySessionStore(other, prefix, 86400, new SystemClock()).claim(
          sessionFixture('session-a'),
        );

        expect((await store.get('session-a'))?.id).toBe('session-a');
        expect(await store.claim(sessionFixture('session-a'))).toBe(false);
      } finally {
        await other.close();
      }
    });
  });
});
