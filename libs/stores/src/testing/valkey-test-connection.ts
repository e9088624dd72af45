import { requireService } from '#app/testing';
import { ValkeyConnection } from '../valkey/valkey-connection.js';

export const TEST_REDIS = { host: '127.0.0.1', port: 6379, db: 0 } as const;

/** Whether the shared Redis on 127.0.0.1:6379 is up (loud skip, or a failure under CI=true). */
export function redisAvailable(): Promise<boolean> {
  return requireService('Redis', TEST_REDIS.host, TEST_REDIS.port);
}

export function openTestConnection(): Promise<ValkeyConnection> {
  return ValkeyConnection.open(TEST_REDIS);
}

/** Deletes every key under `prefix:` (tests use unique prefixes, so this touches nothing else). */
export async function deleteKeys(connection: ValkeyConnection, prefix: string): Promise<void> {
  let cursor = '0';
  do {
    const [next, keys] = await connection.client.scan(
      cursor,
      'MATCH',
      `${prefix}:*`,
      'COUNT',
      1000,
    );
    if (keys.length > 0) {
      await connection.client.del(...keys);
    }
    cursor = next;
  } while (cursor !== '0');
}
