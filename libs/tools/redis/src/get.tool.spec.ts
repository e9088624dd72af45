import { runConnectionTool, failureOf, LOCAL_SERVICES } from '#app/connections/testing';
import type { JsonObject } from '#app/contracts';
import { requireService } from '#app/testing';
import { RedisGetTool } from './get.tool.js';
import { redisTestbed } from './testing/redis-keys.fixture.js';

const redisUp = await requireService('Redis', LOCAL_SERVICES.redis.host, LOCAL_SERVICES.redis.port);

(redisUp ? describe : describe.skip)('RedisGetTool (real Redis)', () => {
  const bed = redisTestbed();
  const tool = new RedisGetTool(bed.profiles, bed.leases);
  const get = (args: JsonObject) =>
    runConnectionTool(tool, { profile_id: 'ro.redis', ...args }, { metadata: bed.metadata });

  beforeAll(() => bed.direct.set(`${bed.prefix}greeting`, 'hello world'));
  afterAll(() => bed.cleanup());

  it('should return the value as base64 when the key exists', async () => {
    expect((await get({ key: `${bed.prefix}greeting` })).output).toEqual({
      profile_id: 'ro.redis',
      key: `${bed.prefix}greeting`,
      found: true,
      value_base64: Buffer.from('hello world').toString('base64'),
      value_bytes: 11,
      truncated: false,
    });
  });

  it('should cut the value to max_bytes and report the full size', async () => {
    expect((await get({ key: `${bed.prefix}greeting`, max_bytes: 5 })).output).toMatchObject({
      value_base64: Buffer.from('hello').toString('base64'),
      value_bytes: 11,
      truncated: true,
    });
  });

  it('should answer found false when the key is missing', async () => {
    expect((await get({ key: `${bed.prefix}missing` })).output).toMatchObject({
      found: false,
      value_base64: '',
      value_bytes: 0,
    });
  });

  it('should refuse a key outside the profile prefixes', async () => {
    expect(await failureOf(get({ key: 'prod:secret' }))).toEqual({
      code: 'policy_denied',
      message: 'key outside profile allowlist',
      retryable: false,
    });
  });

  it('should answer execution_failed retryable quickly when the server is unreachable', async () => {
    const started = Date.now();
    const failure = await failureOf(
      get({ profile_id: 'down.redis', key: `${bed.prefix}greeting`, timeout_ms: 3000 }),
    );
    expect(failure).toMatchObject({ code: 'execution_failed', retryable: true });
    expect(failure.message).toMatch(/^redis connection failed/);
    expect(Date.now() - started).toBeLessThan(3000);
    expect(bed.leases.openCount).toBe(0);
  });

  it('should refuse an empty key before connecting (the policy step skips empty values)', async () => {
    const outcome = failureOf(
      runConnectionTool(tool, { profile_id: 'ro.redis', key: '' }, { metadata: bed.metadata }),
    );
    expect(await outcome).toMatchObject({
      code: 'invalid_argument',
      message: 'key must not be empty',
    });
  });

  it('should refuse a key outside allowed_redis_key_prefixes in the handler too', async () => {
    const metadata = { ...bed.metadata, allowed_redis_key_prefixes: `${bed.prefix}public:` };
    const outcome = failureOf(
      runConnectionTool(tool, { profile_id: 'ro.redis', key: `${bed.prefix}secret` }, { metadata }),
    );
    expect(await outcome).toMatchObject({
      code: 'policy_denied',
      message: 'key prefix not allowed',
    });
  });
});
