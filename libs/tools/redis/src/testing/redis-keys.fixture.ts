import { Redis } from 'ioredis';
import { LOCAL_SERVICES, localProfiles, uniqueName } from '#app/connections/testing';

/**
 * Profiles scoped to a prefix unique to this run, and a direct client to arrange and inspect keys;
 * `cleanup` deletes every key under the prefix.
 */
export function redisTestbed(): {
  prefix: string;
  direct: Redis;
  cleanup(): Promise<void>;
} & ReturnType<typeof localProfiles> {
  const prefix = `${uniqueName('wes-test', ':')}:`;
  const direct = new Redis({
    host: LOCAL_SERVICES.redis.host,
    port: LOCAL_SERVICES.redis.port,
    lazyConnect: true,
  });
  direct.on('error', () => undefined);
  return {
    prefix,
    direct,
    ...localProfiles('redis', { key_prefixes: [prefix] }),
    async cleanup() {
      const keys = await direct.keys(`${prefix}*`);
      if (keys.length > 0) {
        await direct.del(...keys);
      }
      direct.disconnect();
    },
  };
}
