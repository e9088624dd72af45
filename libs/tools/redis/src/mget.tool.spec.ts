import { runConnectionTool, failureOf, LOCAL_SERVICES } from '#app/connections/testing';
import { requireService } from '#app/testing';
import { RedisMgetTool } from './mget.tool.js';
import { redisTestbed } from './testing/redis-keys.fixture.js';

const redisUp = await requireService('Redis', LOCAL_SERVICES.redis.host, LOCAL_SERVICES.redis.port);

(redisUp ? describe : describe.skip)('RedisMgetTool (real Redis)', () => {
  const bed = redisTestbed();
  const tool = new RedisMgetTool(bed.profiles, bed.leases);
  const key = (name: string): string => `${bed.prefix}${name}`;

  beforeAll(async () => {
    await bed.direct.set(key('a'), 'aaaa');
    await bed.direct.set(key('empty'), '');
    await bed.direct.set(key('b'), 'bbbb');
  });
  afterAll(() => bed.cleanup());

  it('should return entries in request order, count empty values as not found and share the byte budget', async () => {
    const keys = [key('a'), key('missing'), key('empty'), key('b')];
    const result = await runConnectionTool(
      tool,
      { profile_id: 'ro.redis', keys, max_bytes: 6 },
      { metadata: bed.metadata },
    );
    expect(result.output).toEqual({
      profile_id: 'ro.redis',
      entries: [
        {
          key: key('a'),
          found: true,
          value_base64: Buffer.from('aaaa').toString('base64'),
          value_bytes: 4,
          value_trimmed: false,
        },
        {
          key: key('missing'),
          found: false,
          value_base64: '',
          value_bytes: 0,
          value_trimmed: false,
        },
        { key: key('empty'), found: false, value_base64: '', value_bytes: 0, value_trimmed: false },
        {
          key: key('b'),
          found: true,
          value_base64: Buffer.from('bb').toString('base64'),
          value_bytes: 4,
          value_trimmed: true,
        },
      ],
      key_count: 4,
      found_count: 2,
      total_bytes: 6,
      truncated: true,
    });
  });

  it('should refuse an empty key and any key outside the profile prefixes', async () => {
    expect(
      await failureOf(
        runConnectionTool(
          tool,
          { profile_id: 'ro.redis', keys: [key('a'), ''] },
          { metadata: bed.metadata },
        ),
      ),
    ).toEqual({
      code: 'invalid_argument',
      message: 'keys must not contain empty items',
      retryable: false,
    });
    expect(
      (
        await failureOf(
          runConnectionTool(
            tool,
            { profile_id: 'ro.redis', keys: [key('a'), 'other:x'] },
            { metadata: bed.metadata },
          ),
        )
      ).code,
    ).toBe('policy_denied');
  });
});
