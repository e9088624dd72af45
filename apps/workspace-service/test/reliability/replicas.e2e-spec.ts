import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { RedisServerProcess } from '#app/testing';
import {
  call,
  createSession,
  invoke,
  privateRedis,
  ServiceUnderTest,
  valkeyEnv,
} from './support/reliability-harness.js';

const redis = await privateRedis();
const describeRedis = redis ? describe : describe.skip;

const LIMIT = 5;
const REQUESTS = 24;

// Issue #3: two service processes on one Redis and one artifact root behave as one service.
describeRedis('two replicas sharing Redis and the artifact root (private redis-server)', () => {
  let root: string;
  let a: ServiceUnderTest;
  let b: ServiceUnderTest;

  beforeAll(async () => {
    root = mkdtempSync(join(tmpdir(), 'wes-replicas-'));
    const env = {
      ...valkeyEnv((redis as RedisServerProcess).port, root, 'rel-replicas'),
      WORKSPACE_RATE_LIMIT_PER_MINUTE_PER_PRINCIPAL: String(LIMIT),
    };
    [a, b] = await Promise.all([ServiceUnderTest.start(env), ServiceUnderTest.start(env)]);
  }, 90_000);

  afterAll(async () => {
    await Promise.all([a?.stop(), b?.stop()]);
    await redis?.stop();
    rmSync(root, { recursive: true, force: true });
  });

  it('should let exactly the per-principal limit succeed across both replicas under concurrent load', async () => {
    // Windows are UTC minutes: a burst that straddles a boundary is run once more.
    for (let attempt = 0; attempt < 2; attempt++) {
      const principal = { tenant_id: `t-${attempt}-${Date.now()}`, actor_id: 'bob' };
      const onA = await createSession(a.port, principal);
      const onB = await createSession(b.port, principal);
      const minute = Math.floor(Date.now() / 60_000);
      const responses = await Promise.all(
        Array.from({ length: REQUESTS }, (_, i) =>
          i % 2 === 0 ? invoke(a.port, onA, 'fs.list', {}) : invoke(b.port, onB, 'fs.list', {}),
        ),
      );
      if (Math.floor(Date.now() / 60_000) !== minute) {
        continue;
      }
      const statuses = responses.map((response) => response.status);
      expect(statuses.filter((status) => status === 200)).toHaveLength(LIMIT);
      expect(statuses.filter((status) => status === 429)).toHaveLength(REQUESTS - LIMIT);
      for (const denied of responses.filter((response) => response.status === 429)) {
        expect(denied.body['error']).toEqual({
          code: 'rate_limited',
          message: 'principal invocation rate limit exceeded',
          retryable: true,
        });
      }
      return;
    }
    throw new Error('both bursts straddled a minute boundary');
  }, 90_000);

  it('should serve a session created on one replica from the other, artifacts included', async () => {
    const sessionId = await createSession(a.port, { tenant_id: 'shared', actor_id: 'carol' });
    const written = await invoke(b.port, sessionId, 'fs.write_file', {
      approved: true,
      args: { path: 'x.txt', content: 'from b' },
    });
    expect(written.status).toBe(200);
    const read = await invoke(a.port, sessionId, 'fs.read_file', { args: { path: 'x.txt' } });
    expect(read.body['invocation'].output.content).toBe('from b');

    const record = await call(a.port, 'GET', `/v1/invocations/${written.body['invocation'].id}`);
    expect(record.body['invocation']).toEqual(written.body['invocation']);
    const artifact = written.body['invocation'].artifacts[0];
    const download = await call(a.port, 'GET', artifact.download_path);
    expect(download.status).toBe(200);
    expect(JSON.parse(download.text)).toEqual(written.body['invocation'].output);

    expect((await call(b.port, 'DELETE', `/v1/sessions/${sessionId}`)).status).toBe(200);
    expect((await call(a.port, 'GET', `/v1/sessions/${sessionId}`)).status).toBe(404);
  }, 60_000);
});
