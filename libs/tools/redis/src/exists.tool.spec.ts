import { runConnectionTool, LOCAL_SERVICES } from '#app/connections/testing';
import { requireService } from '#app/testing';
import { RedisExistsTool } from './exists.tool.js';
import { redisTestbed } from './testing/redis-keys.fixture.js';

const redisUp = await requireService('Redis', LOCAL_SERVICES.redis.host, LOCAL_SERVICES.redis.port);

(redisUp ? describe : describe.skip)('RedisExistsTool (real Redis)', () => {
  const bed = redisTestbed();
  const tool = new RedisExistsTool(bed.profiles, bed.leases);

  beforeAll(() => bed.direct.set(`${bed.prefix}here`, 'x'));
  afterAll(() => bed.cleanup());

  it('should count the keys that exist', async () => {
    const keys = [`${bed.prefix}here`, `${bed.prefix}gone`];
    expect(
      (await runConnectionTool(tool, { profile_id: 'ro.redis', keys }, { metadata: bed.metadata }))
        .output,
    ).toEqual({
      profile_id: 'ro.redis',
      keys_checked: 2,
      exists_count: 1,
    });
  });
});
