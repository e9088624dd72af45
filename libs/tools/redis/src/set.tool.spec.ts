import {
  connectionContext,
  runConnectionTool,
  failureOf,
  LOCAL_SERVICES,
} from '#app/connections/testing';
import type { JsonObject } from '#app/contracts';
import { requireService } from '#app/testing';
import { RedisSetTool } from './set.tool.js';
import { redisTestbed } from './testing/redis-keys.fixture.js';

const redisUp = await requireService('Redis', LOCAL_SERVICES.redis.host, LOCAL_SERVICES.redis.port);

(redisUp ? describe : describe.skip)('RedisSetTool (real Redis)', () => {
  const bed = redisTestbed();
  const tool = new RedisSetTool(bed.profiles, bed.leases);
  const set = (args: JsonObject) =>
    runConnectionTool(tool, { profile_id: 'test.redis', ...args }, { metadata: bed.metadata });

  afterAll(() => bed.cleanup());

  it('should write the decoded value with an expiry', async () => {
    const key = `${bed.prefix}bin`;
    expect(
      (await set({ key, value: 'AAEC', value_encoding: 'base64', ttl_seconds: 60 })).output,
    ).toEqual({
      profile_id: 'test.redis',
      key,
      ttl_seconds: 60,
      value_bytes: 3,
      value_format: 'base64',
      written: true,
    });
    expect(await bed.direct.getBuffer(key)).toEqual(Buffer.from([0, 1, 2]));
    const ttl = await bed.direct.ttl(key);
    expect(ttl).toBeGreaterThan(0);
    expect(ttl).toBeLessThanOrEqual(60);
  });

  it.each([0, 604_801, 1.5])('should refuse ttl_seconds %p', async (ttl) => {
    // The schema refuses it in the pipeline; the handler repeats the check for a direct caller.
    expect(
      (await failureOf(set({ key: `${bed.prefix}x`, value: 'v', ttl_seconds: ttl }))).code,
    ).toBe('invalid_argument');
    const direct = connectionContext({}, { metadata: bed.metadata });
    const args = {
      profile_id: 'test.redis',
      key: `${bed.prefix}x`,
      value: 'v',
      value_encoding: 'utf8' as const,
      ttl_seconds: ttl,
      timeout_ms: 2000,
    };
    expect(await failureOf(tool.execute({ ...direct, args }))).toEqual({
      code: 'invalid_argument',
      message: 'ttl_seconds must be between 1 and 604800',
      retryable: false,
    });
  });

  it('should refuse a value above 1 MiB, a read-only profile and a key outside the prefixes', async () => {
    const big = Buffer.alloc(1_048_577, 1).toString('base64');
    expect(
      (
        await failureOf(
          set({ key: `${bed.prefix}big`, value: big, value_encoding: 'base64', ttl_seconds: 10 }),
        )
      ).code,
    ).toBe('invalid_argument');
    expect(
      (
        await failureOf(
          runConnectionTool(
            tool,
            { profile_id: 'ro.redis', key: `${bed.prefix}x`, value: '', ttl_seconds: 10 },
            { metadata: bed.metadata },
          ),
        )
      ).message,
    ).toBe('profile is read_only');
    expect((await failureOf(set({ key: 'prod:x', value: '', ttl_seconds: 10 }))).message).toBe(
      'key outside profile allowlist',
    );
    expect(await bed.direct.exists(`${bed.prefix}big`, `${bed.prefix}x`)).toBe(0);
  });
});
