import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { RedisServerProcess } from '#app/testing';
import {
  call,
  createSession,
  invoke,
  privateRedis,
  ServiceUnderTest,
  sleep,
  valkeyEnv,
} from './support/reliability-harness.js';

const redis = await privateRedis();
const describeRedis = redis ? describe : describe.skip;
const IDLE_SECONDS = 2;

// API.md 8.2: a replica running an invocation keeps re-recording its session's activity, so the
// other replica (same Valkey, same WORKSPACE_ROOT) never judges the session idle meanwhile.
describeRedis('idle timeout across two replicas (private redis-server, shared root)', () => {
  let root: string;
  let a: ServiceUnderTest;
  let b: ServiceUnderTest;

  beforeAll(async () => {
    root = mkdtempSync(join(tmpdir(), 'wes-idle-replicas-'));
    const env = {
      ...valkeyEnv((redis as RedisServerProcess).port, root, 'rel-idle'),
      WORKSPACE_SESSION_IDLE_TIMEOUT_SECONDS: String(IDLE_SECONDS),
      WORKSPACE_SESSION_SWEEP_INTERVAL_SECONDS: '1',
      WORKSPACE_LOCAL_SANDBOX: 'off',
    };
    [a, b] = await Promise.all([ServiceUnderTest.start(env), ServiceUnderTest.start(env)]);
  }, 90_000);

  afterAll(async () => {
    await Promise.all([a?.stop(), b?.stop()]);
    await redis?.stop();
    rmSync(root, { recursive: true, force: true });
  });

  it('should keep a session whose invocation runs on one replica alive on the other, then end it when idle', async () => {
    const id = await createSession(a.port);
    const workspace = (await call(a.port, 'GET', `/v1/sessions/${id}`)).body['session']
      .workspace_path as string;
    const source = '#include <unistd.h>\nint main(void) { sleep(6); return 0; }\n';
    const written = await invoke(a.port, id, 'fs.write_file', {
      approved: true,
      args: { path: 'sleep_test.c', content: source },
    });
    expect(written.status).toBe(200);

    const running = invoke(a.port, id, 'c.test', {
      approved: true,
      args: { source: 'sleep_test.c' },
    });
    // B reads (and sweeps) the session all through the run; reads are not activity.
    const readsOnB: number[] = [];
    let settled = false;
    void running.finally(() => (settled = true));
    while (!settled) {
      readsOnB.push((await call(b.port, 'GET', `/v1/sessions/${id}`)).status);
      await sleep(300);
    }
    const test = await running;

    expect(test.status).toBe(200);
    expect(test.body['invocation'].duration_ms).toBeGreaterThan(IDLE_SECONDS * 1000 + 1000);
    expect(readsOnB.length).toBeGreaterThan(0);
    expect(readsOnB.filter((status) => status !== 200)).toEqual([]);
    expect((await call(b.port, 'GET', `/v1/sessions/${id}`)).status).toBe(200);

    // Left alone, a sweeper closes it (watching the directory: a GET would close it itself).
    const deadline = Date.now() + 30_000;
    while (existsSync(workspace) && Date.now() < deadline) {
      await sleep(100);
    }
    expect(existsSync(workspace)).toBe(false);
    expect((await call(a.port, 'GET', `/v1/sessions/${id}`)).status).toBe(404);
    expect((await call(b.port, 'GET', `/v1/sessions/${id}`)).status).toBe(404);
  }, 120_000);
});
