import { runConnectionTool, LOCAL_SERVICES } from '#app/connections/testing';
import { requireService } from '#app/testing';
import { RedisTtlTool } from './ttl.tool.js';
import { redisTestbed } from './testing/redis-keys.fixture.js';

const redisUp = await requireService('Redis', LOCAL_SERVICES.redis.host, LOCAL_SERVICES.redis.port);

(redisUp ? describe : describe.skip)('RedisTtlTool (real Redis)', () => {
  const bed = redisTestbed();
  const tool = new RedisTtlTool(bed.profiles, bed.leases);
  const ttl = (name: string) =>
    runConnectionTool(
      tool,
      { profile_id: 'ro.redis', key: `${bed.prefix}${name}` },
      { metadata: bed.metadata },
    ).then((result) => result.output);

  beforeAll(async () => {
    await bed.direct.set(`${bed.prefix}expiring`, 'x', 'EX', 100);
    await bed.direct.set(`${bed.prefix}forever`, 'x');
  });
  afterAll(() => bed.cleanup());

  it('should report expiring, no_expiry and missing keys', async () => {
    expect(await ttl('expiring')).toMatchObject({
      exists: true,
      status: 'expiring',
      ttl_seconds: expect.any(Number),
    });
    expect(await ttl('forever')).toMatchObject({
      exists: true,
      status: 'no_expiry',
      ttl_seconds: -1,
    });
    expect(await ttl('missing')).toMatchObject({
      exists: false,
      status: 'missing',
      ttl_seconds: -2,
    });
  });
});
