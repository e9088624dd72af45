import type { Redis } from 'ioredis';
import { cancelBusContract, eventually } from '../testing/cancel-bus.contract.js';
import { uniquePrefix } from '../testing/store-fixtures.js';
import {
  deleteKeys,
  openTestConnection,
  redisAvailable,
} from '../testing/valkey-test-connection.js';
import { ValkeyCancelBus } from './valkey-cancel-bus.js';
import { ValkeyConnection } from './valkey-connection.js';

const describeRedis = (await redisAvailable()) ? describe : describe.skip;

/** The bus's own subscriber connection, reached for the outage tests only. */
const subscriberOf = (bus: ValkeyCancelBus): Redis =>
  (bus as unknown as { subscriber: Redis }).subscriber;

describeRedis('ValkeyCancelBus (Redis 127.0.0.1:6379)', () => {
  let a: ValkeyConnection;
  let b: ValkeyConnection;

  beforeAll(async () => {
    // Two replicas: two shared connections, each bus with its own subscriber.
    [a, b] = await Promise.all([openTestConnection(), openTestConnection()]);
  });

  afterAll(async () => {
    await Promise.all([a.close(), b.close()]);
  });

  cancelBusContract(async () => {
    const channel = `${uniquePrefix('cancel')}:cancel`;
    const sender = new ValkeyCancelBus(a, channel);
    const receiver = new ValkeyCancelBus(b, channel);
    return {
      sender,
      receiver,
      cleanup: async () => {
        sender.close();
        receiver.close();
        await deleteKeys(a, channel);
      },
    };
  });

  describe('subscriber connection', () => {
    let channel: string;
    let sender: ValkeyCancelBus;
    let receiver: ValkeyCancelBus;

    beforeEach(() => {
      channel = `${uniquePrefix('cancel')}:cancel`;
      sender = new ValkeyCancelBus(a, channel);
      receiver = new ValkeyCancelBus(b, channel);
    });

    afterEach(async () => {
      sender.close();
      receiver.close();
      await deleteKeys(a, channel);
    });

    it('should listen on <invocation prefix>:cancel over a connection of its own, not the shared one', async () => {
      await receiver.listen(() => undefined);
      expect(subscriberOf(receiver)).not.toBe(b.client);
      expect(await a.client.pubsub('NUMSUB', channel)).toEqual([channel, 1]);
      // The shared connection still runs ordinary commands.
      expect(await b.client.ping()).toBe('PONG');
    });

    it('should stop listening while its subscriber is down and subscribe again once it is back', async () => {
      const heard: string[] = [];
      await receiver.listen((id) => heard.push(id));
      // Subscribed connections answer no CLIENT ID: found in CLIENT LIST by its local port.
      const target = await subscriberIdFor(a, subscriberOf(receiver));
      expect(target).toBeGreaterThan(0);
      await a.client.call('CLIENT', 'KILL', 'ID', String(target));

      await eventually('not listening once disconnected', () => !receiver.listening);
      await eventually('listening again after the reconnect', () => receiver.listening);
      await sender.publish('inv-0123456789abcdef');
      await eventually('cancel heard after the reconnect', () => heard.length === 1);
      expect(heard).toEqual(['inv-0123456789abcdef']);
    });

    it('should be not listening after close, and hear nothing more', async () => {
      const heard: string[] = [];
      await receiver.listen((id) => heard.push(id));
      receiver.close();
      expect(receiver.listening).toBe(false);
      await eventually('subscriber gone from the server', async () => {
        return (await a.client.pubsub('NUMSUB', channel))[1] === 0;
      });
      await sender.publish('inv-0123456789abcdef');
      expect(heard).toEqual([]);
    });

    it('should fail a publish with 503 valkey unavailable when the shared connection is down', async () => {
      const down = await openTestConnection();
      const bus = new ValkeyCancelBus(down, channel);
      down.client.disconnect();
      await expect(bus.publish('inv-0123456789abcdef')).rejects.toMatchObject({
        code: 'unavailable',
        message: 'valkey unavailable',
      });
      await down.close();
    });

    it('should remember a published cancel for 660 s under <channel>:<id>, for replicas that missed it', async () => {
      await sender.publish('inv-0123456789abcdef');

      expect(await receiver.requested(['inv-0123456789abcdef', 'inv-fedcba9876543210'])).toEqual([
        'inv-0123456789abcdef',
      ]);
      expect(await receiver.requested([])).toEqual([]);
      const ttl = await a.client.ttl(`${channel}:inv-0123456789abcdef`);
      expect(ttl).toBeGreaterThan(600);
      expect(ttl).toBeLessThanOrEqual(660);
    });

    it('should refuse to listen twice', async () => {
      await receiver.listen(() => undefined);
      await expect(receiver.listen(() => undefined)).rejects.toThrow('already listening');
    });
  });
});

/** The id of `subscriber` in CLIENT LIST, matched by its local port. */
async function subscriberIdFor(admin: ValkeyConnection, subscriber: Redis): Promise<number> {
  const port = (subscriber as unknown as { stream: { localPort: number } }).stream.localPort;
  const list = String(await admin.client.call('CLIENT', 'LIST'));
  const line = list.split('\n').find((entry) => entry.includes(`:${port} `));
  return Number(/id=(\d+)/.exec(line ?? '')?.[1] ?? 0);
}
