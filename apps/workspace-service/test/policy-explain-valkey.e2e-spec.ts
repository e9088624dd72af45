import { ValkeyConnection } from '#app/stores';
import { requireService } from '#app/testing';
import { startTestApp, type TestApp } from './support/test-app.js';
import { removeValkeyRun, valkeyRun } from './support/valkey-run.js';

const redisUp = await requireService('Redis', '127.0.0.1', 6379);
const describeRedis = redisUp ? describe : describe.skip;

const currentMinute = () => Math.floor(Date.now() / 60_000);

// API.md 5.23 with the counters in Valkey, as two replicas share them (10): an explain on one
// replica sees the window the other filled, and many explains consume nothing on either.
describeRedis('policy explain over Valkey counters (Redis 127.0.0.1:6379)', () => {
  const valkey = valkeyRun('wes-explain', 'wes-explain-valkey-', {
    WORKSPACE_RATE_LIMIT_PER_MINUTE: '2',
    WORKSPACE_MAX_CONCURRENCY_PER_SESSION: '3',
  });
  const { run, env } = valkey;
  let redis: ValkeyConnection;
  let a: TestApp;
  let b: TestApp;

  beforeAll(async () => {
    redis = await ValkeyConnection.open({ host: '127.0.0.1', port: 6379, db: 0 });
    a = await startTestApp(env);
    b = await startTestApp(env);
  });

  afterAll(async () => {
    await a?.close();
    await b?.close();
    await removeValkeyRun(redis, valkey);
    await redis.close();
  });

  const post = (t: TestApp, verb: string, id: string) =>
    t.request('POST', `/v1/sessions/${id}/tools/fs.stat/${verb}`, {
      body: { args: { path: '.' } },
    });

  it('should consume nothing on either replica and see the window the other replica filled', async () => {
    const created = await a.request('POST', '/v1/sessions', {
      body: { principal: { tenant_id: 'demo', actor_id: `explain-${run}`, roles: [] } },
    });
    expect(created.status).toBe(201);
    const id = created.body.session.id as string;
    const start = currentMinute();

    for (let explain = 0; explain < 6; explain++) {
      const explained = await post(explain % 2 === 0 ? a : b, 'explain', id);
      expect(explained.body.decision.allowed).toBe(true);
    }
    const first = await post(a, 'invoke', id);
    const second = await post(b, 'invoke', id);
    const seenOnB = await post(b, 'explain', id);
    const refusedOnA = await post(a, 'invoke', id);
    const keys = await redis.client.keys(`workspace:limits:*:${id}*`);
    if (currentMinute() !== start) {
      return; // a minute boundary restarted the window mid-test: nothing left to compare
    }

    expect([first.status, second.status, refusedOnA.status]).toEqual([200, 200, 429]);
    expect(seenOnB.body.decision).toMatchObject({
      allowed: false,
      code: 'rate_limited',
      message: refusedOnA.body.error.message,
    });
    expect(seenOnB.body.decision.checks[0].detail).toMatch(/: 2 of 2 calls in this minute, /);
    // Explains created no key of their own: only the window the invokes counted (slots were
    // released, so the in-flight key is gone).
    expect(keys).toEqual([`workspace:limits:rate:session:${id}:${start}`]);
  });
});
