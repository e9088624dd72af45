import { limitCountersContract } from '../testing/limit-counters.contract.js';
import { uniquePrefix } from '../testing/store-fixtures.js';
import {
  deleteKeys,
  openTestConnection,
  redisAvailable,
} from '../testing/valkey-test-connection.js';
import type { ValkeyConnection } from './valkey-connection.js';
import { LIMITS_KEY_PREFIX, ValkeyLimitCounters } from './valkey-limit-counters.js';

const describeRedis = (await redisAvailable()) ? describe : describe.skip;

describeRedis('ValkeyLimitCounters (Redis 127.0.0.1:6379)', () => {
  let connection: ValkeyConnection;

  beforeAll(async () => {
    connection = await openTestConnection();
  });

  afterAll(async () => {
    await connection.close();
  });

  limitCountersContract(async () => {
    const prefix = uniquePrefix('limits');
    return {
      store: new ValkeyLimitCounters(connection, prefix),
      cleanup: () => deleteKeys(connection, prefix),
    };
  });

  describe('layout', () => {
    let prefix: string;
    let counters: ValkeyLimitCounters;

    beforeEach(() => {
      prefix = uniquePrefix('limits-layout');
      counters = new ValkeyLimitCounters(connection, prefix);
    });

    afterEach(async () => {
      await deleteKeys(connection, prefix);
    });

    it('should use the fixed workspace:limits prefix when none is given', () => {
      expect(LIMITS_KEY_PREFIX).toBe('workspace:limits');
    });

    it('should write rate windows under their encoded ids with a 120 s TTL set once', async () => {
      await counters.hitWindow('principal', 'acme corp:alice', 29000000);
      await connection.client.expire(`${prefix}:rate:principal:acme+corp%3Aalice:29000000`, 50);
      await counters.hitWindow('principal', 'acme corp:alice', 29000000);
      await counters.hitWindow('session', 'session-a', 29000000);

      expect(
        await connection.client.get(`${prefix}:rate:principal:acme+corp%3Aalice:29000000`),
      ).toBe('2');
      expect(
        await connection.client.ttl(`${prefix}:rate:principal:acme+corp%3Aalice:29000000`),
      ).toBeLessThanOrEqual(50);
      expect(await connection.client.get(`${prefix}:rate:session:session-a:29000000`)).toBe('1');
      expect(
        await connection.client.ttl(`${prefix}:rate:session:session-a:29000000`),
      ).toBeGreaterThan(110);
    });

    it('should refresh the 660 s in-flight TTL on each acquire and drop the key at zero', async () => {
      await counters.acquire('session a');
      await connection.client.expire(`${prefix}:inflight:session+a`, 5);
      await counters.acquire('session a');

      expect(await connection.client.ttl(`${prefix}:inflight:session+a`)).toBeGreaterThan(650);

      await counters.release('session a');
      await counters.release('session a');

      expect(await connection.client.exists(`${prefix}:inflight:session+a`)).toBe(0);
    });

    it('should leave no key and no TTL change behind when peeking', async () => {
      const window = `${prefix}:rate:session:session-a:29000000`;
      expect(await counters.peekWindow('session', 'session-a', 29000000)).toBe(0);
      expect(await counters.peekInFlight('session-a')).toBe(0);
      expect(await connection.client.keys(`${prefix}:*`)).toEqual([]);

      await counters.hitWindow('session', 'session-a', 29000000);
      await connection.client.expire(window, 50);
      await counters.peekWindow('session', 'session-a', 29000000);

      expect(await connection.client.ttl(window)).toBeLessThanOrEqual(50);
      expect(await connection.client.get(window)).toBe('1');
    });

    it('should share counts between replicas when two clients count one principal', async () => {
      const other = await openTestConnection();
      try {
        const theirs = new ValkeyLimitCounters(other, prefix);

        await counters.hitWindow('principal', 'acme:alice', 1);

        expect(await theirs.hitWindow('principal', 'acme:alice', 1)).toBe(2);
      } finally {
        await other.close();
      }
    });
  });
});
