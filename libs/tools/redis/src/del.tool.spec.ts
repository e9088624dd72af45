import { runConnectionTool, failureOf, LOCAL_SERVICES } from '#app/connections/testing';
import { requireService } from '#app/testing';
import { RedisDelTool } from './del.tool.js';
import { redisTestbed } from './testing/redis-keys.fixture.js';

const redisUp = await requireService('Redis', LOCAL_SERVICES.redis.host, LOCAL_SERVICES.redis.port);

(redisUp ? describe : describe.skip)('RedisDelTool (real Redis)', () => {
  const bed = redisTestbed();
  const tool = new RedisDelTool(bed.profiles, bed.leases);

  beforeAll(() => bed.direct.set(`${bed.prefix}doomed`, 'x'));
  afterAll(() => bed.cleanup());

  it('should refuse a read-only profile and leave the key in place', async () => {
    const keys = [`${bed.prefix}doomed`];
    expect(
      (
        await failureOf(
          runConnectionTool(tool, { profile_id: 'ro.redis', keys }, { metadata: bed.metadata }),
        )
      ).message,
    ).toBe('profile is read_only');
    expect(await bed.direct.exists(keys[0])).toBe(1);
  });

  it('should delete the keys and count the ones that existed', async () => {
    const keys = [`${bed.prefix}doomed`, `${bed.prefix}never`];
    expect(
      (
        await runConnectionTool(
          tool,
          { profile_id: 'test.redis', keys },
          { metadata: bed.metadata },
        )
      ).output,
    ).toEqual({
      profile_id: 'test.redis',
      keys_requested: 2,
      deleted: 1,
    });
    expect(await bed.direct.exists(keys[0])).toBe(0);
  });
});
