import { runConnectionTool, failureOf, LOCAL_SERVICES } from '#app/connections/testing';
import type { JsonObject } from '#app/contracts';
import { requireService } from '#app/testing';
import { RedisScanTool } from './scan.tool.js';
import { redisTestbed } from './testing/redis-keys.fixture.js';

const redisUp = await requireService('Redis', LOCAL_SERVICES.redis.host, LOCAL_SERVICES.redis.port);

(redisUp ? describe : describe.skip)('RedisScanTool (real Redis)', () => {
  const bed = redisTestbed();
  const tool = new RedisScanTool(bed.profiles, bed.leases);
  const scan = (args: JsonObject): Promise<JsonObject> =>
    runConnectionTool(tool, { profile_id: 'ro.redis', ...args }, { metadata: bed.metadata }).then(
      (result) => result.output as JsonObject,
    );

  beforeAll(async () => {
    for (let index = 0; index < 5; index += 1) {
      await bed.direct.set(`${bed.prefix}item:${index}`, 'x');
    }
    await bed.direct.set(`${bed.prefix}glob*[x]`, 'x');
  });
  afterAll(() => bed.cleanup());

  it('should list every key under the prefix until the scan completes', async () => {
    const output = await scan({ prefix: `${bed.prefix}item:` });
    expect((output['keys'] as string[]).sort()).toEqual(
      [0, 1, 2, 3, 4].map((index) => `${bed.prefix}item:${index}`),
    );
    expect(output).toMatchObject({ count: 5, next_cursor: 0, truncated: false });
  });

  it('should stop at max_keys and flag truncation', async () => {
    expect(
      await scan({ prefix: `${bed.prefix}item:`, max_keys: 2, count_hint: 1000 }),
    ).toMatchObject({ count: 2, truncated: true });
  });

  it('should match glob characters in the prefix literally', async () => {
    expect((await scan({ prefix: `${bed.prefix}glob*` }))['keys']).toEqual([
      `${bed.prefix}glob*[x]`,
    ]);
  });

  it('should refuse a prefix wider than the allowed ones (it would list keys outside them)', async () => {
    expect(await failureOf(scan({ prefix: 'wes-test:' }))).toMatchObject({
      code: 'policy_denied',
      message: 'key outside profile allowlist',
    });
    expect(bed.leases.openCount).toBe(0);
  });

  it('should refuse an empty prefix before connecting', async () => {
    expect(await failureOf(scan({ prefix: '' }))).toMatchObject({
      code: 'invalid_argument',
      message: 'prefix must not be empty',
    });
  });

  it('should refuse a prefix unrelated to the profile prefixes', async () => {
    expect(await failureOf(scan({ prefix: 'prod:' }))).toMatchObject({
      code: 'policy_denied',
      message: 'key outside profile allowlist',
    });
  });

  it.each(['*', '?', '[', '\\', '[^x]', 'item:*', 'item:?', 'glob\\*'])(
    'should treat the glob text %j after the allowed prefix literally (no key outside the literal prefix)',
    async (glob) => {
      const output = await scan({ prefix: `${bed.prefix}${glob}` });
      expect(
        (output['keys'] as string[]).every((key) => key.startsWith(`${bed.prefix}${glob}`)),
      ).toBe(true);
      expect(output).toMatchObject({ count: 0 });
    },
  );

  it.each(['', '*', '?*', '['])(
    'should refuse the bare glob prefix %j (outside every allowed prefix)',
    async (glob) => {
      expect(await failureOf(scan({ prefix: glob }))).toMatchObject({
        code: glob === '' ? 'invalid_argument' : 'policy_denied',
      });
    },
  );

  describe('with a session allowlist narrower than the profile', () => {
    const narrowScan = (args: JsonObject): Promise<JsonObject> =>
      runConnectionTool(
        tool,
        { profile_id: 'ro.redis', ...args },
        { metadata: { ...bed.metadata, allowed_redis_key_prefixes: `${bed.prefix}item:` } },
      ).then((result) => result.output as JsonObject);

    it('should refuse a prefix outside allowed_redis_key_prefixes even though the profile admits it', async () => {
      expect(await failureOf(narrowScan({ prefix: bed.prefix }))).toMatchObject({
        code: 'policy_denied',
        message: 'key prefix not allowed',
      });
    });

    it('should list only keys under the session prefix', async () => {
      const output = await narrowScan({ prefix: `${bed.prefix}item:` });
      expect(output).toMatchObject({ count: 5 });
    });
  });
});
