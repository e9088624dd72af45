import { randomUUID } from 'node:crypto';
import { ValkeyConnection } from '#app/stores';
import { RedisServerProcess, requireService } from '#app/testing';
import { startTestApp, type TestApp } from './support/test-app.js';
import { removeValkeyRun, valkeyRun } from './support/valkey-run.js';

const redisUp = await requireService('Redis', '127.0.0.1', 6379);
const describeRedis = redisUp ? describe : describe.skip;

// Two app instances on the same Redis prefixes and the same roots behave like a restart and like
// two replicas: each finds what the other wrote (CONFIG.md 2.3, API.md 9, 10).
describeRedis('Valkey-backed stores (Redis 127.0.0.1:6379)', () => {
  const valkey = valkeyRun('wes-e2e', 'wes-valkey-e2e-');
  const { run, env } = valkey;
  const apps: TestApp[] = [];
  let redis: ValkeyConnection;
  let a: TestApp;

  const start = async (extra: Record<string, string> = {}): Promise<TestApp> => {
    const app = await startTestApp({ ...env, ...extra });
    apps.push(app);
    return app;
  };
  const invoke = (t: TestApp, sessionId: string, tool: string, body: unknown) =>
    t.request('POST', `/v1/sessions/${sessionId}/tools/${tool}/invoke`, { body });
  const createSession = async (t: TestApp, tenant = 'demo', actor = 'alice'): Promise<string> => {
    const created = await t.request('POST', '/v1/sessions', {
      body: {
        principal: { tenant_id: tenant, actor_id: actor, roles: ['developer'] },
        allowed_paths: ['.'],
      },
    });
    expect(created.status).toBe(201);
    return created.body.session.id as string;
  };

  beforeAll(async () => {
    redis = await ValkeyConnection.open({ host: '127.0.0.1', port: 6379, db: 0 });
    a = await start();
  });

  afterAll(async () => {
    for (const app of apps) {
      await app.close();
    }
    await removeValkeyRun(redis, valkey);
    await redis.close();
  });

  it('should report ready when Valkey answers PING', async () => {
    const ready = await a.request('GET', '/readyz');

    expect(ready.status).toBe(200);
    expect(ready.body).toEqual({
      status: 'ready',
      checks: {
        session_store: 'ok',
        invocation_store: 'ok',
        artifact_store: 'ok',
        shutdown: 'ok',
        sandbox: 'off',
      },
    });
  });

  describe('the README flow, then a second instance', () => {
    let sessionId: string;
    let writeId: string;

    it('should run the README flow when both stores are Valkey', async () => {
      sessionId = await createSession(a);
      expect(await redis.client.exists(`${run}:session:${sessionId}`)).toBe(1);

      const unapproved = await invoke(a, sessionId, 'fs.write_file', {
        args: { path: 'notes/demo.txt', content: 'hola' },
      });
      expect(unapproved.status).toBe(428);
      expect(unapproved.body.error.code).toBe('approval_required');

      const written = await invoke(a, sessionId, 'fs.write_file', {
        approved: true,
        args: { path: 'notes/demo.txt', content: 'hola' },
      });
      expect(written.status).toBe(200);
      expect(written.body.invocation.output.bytes_written).toBe(4);
      writeId = written.body.invocation.id;

      const read = await invoke(a, sessionId, 'fs.read_file', { args: { path: 'notes/demo.txt' } });
      expect(read.status).toBe(200);
      expect(read.body.invocation.output).toMatchObject({ content: 'hola', size_bytes: 4 });
    });

    it('should keep an envelope without output in Valkey and hydrate it when the invocation is read', async () => {
      const stored = JSON.parse(
        (await redis.client.get(`${run}:invocation:${writeId}`)) ?? '{}',
      ) as Record<string, unknown>;
      expect(stored).toMatchObject({ id: writeId, status: 'succeeded' });
      expect(stored).not.toHaveProperty('output');
      expect(stored).not.toHaveProperty('logs');

      const record = await a.request('GET', `/v1/invocations/${writeId}`);
      expect(record.status).toBe(200);
      expect(record.body.invocation.output.bytes_written).toBe(4);
      expect(record.body.invocation.logs).toEqual([]);
      expect((await a.request('GET', `/v1/invocations/${writeId}/logs`)).body).toEqual({
        logs: [],
      });
      const artifacts = await a.request('GET', `/v1/invocations/${writeId}/artifacts`);
      expect(artifacts.body.artifacts.map((artifact: { name: string }) => artifact.name)).toEqual([
        'invocation-output.json',
      ]);
      const raw = await a.request('GET', artifacts.body.artifacts[0].download_path);
      expect(JSON.parse(raw.text).bytes_written).toBe(4);
    });

    it('should find the session, the invocation and the correlation when a second instance shares the prefixes', async () => {
      const replayed = await invoke(a, sessionId, 'fs.read_file', {
        correlation_id: 'c-1',
        args: { path: 'notes/demo.txt' },
      });
      const b = await start();

      expect((await b.request('GET', `/v1/sessions/${sessionId}`)).body.session.id).toBe(sessionId);
      const record = await b.request('GET', `/v1/invocations/${writeId}`);
      expect(record.status).toBe(200);
      expect(record.body.invocation.output.bytes_written).toBe(4);
      const read = await invoke(b, sessionId, 'fs.read_file', { args: { path: 'notes/demo.txt' } });
      expect(read.body.invocation.output.content).toBe('hola');
      const replay = await invoke(b, sessionId, 'fs.read_file', {
        correlation_id: 'c-1',
        args: { path: 'notes/demo.txt' },
      });
      expect(replay.status).toBe(200);
      expect(replay.body.invocation.id).toBe(replayed.body.invocation.id);
      expect(replay.body.invocation.output.content).toBe('hola');

      expect((await b.request('DELETE', `/v1/sessions/${sessionId}`)).status).toBe(200);
      expect((await a.request('GET', `/v1/sessions/${sessionId}`)).status).toBe(404);
    });
  });

  it('should allow exactly the principal limit in total when two instances share Redis', async () => {
    const c = await start({ WORKSPACE_RATE_LIMIT_PER_MINUTE_PER_PRINCIPAL: '2' });
    const d = await start({ WORKSPACE_RATE_LIMIT_PER_MINUTE_PER_PRINCIPAL: '2' });

    // Windows are UTC minutes: a scenario that straddles a boundary is run once more.
    let statuses: number[] = [];
    for (let attempt = 0; attempt < 2; attempt++) {
      const tenant = `limits-${randomUUID().slice(0, 8)}`;
      const onC = await createSession(c, tenant);
      const onD = await createSession(d, tenant);
      const minute = Math.floor(Date.now() / 60_000);
      statuses = [];
      for (const [app, session] of [
        [c, onC],
        [d, onD],
        [c, onC],
        [d, onD],
      ] as const) {
        statuses.push((await invoke(app, session, 'fs.list', {})).status);
      }
      if (Math.floor(Date.now() / 60_000) === minute) {
        break;
      }
    }

    expect(statuses).toEqual([200, 200, 429, 429]);
  });
});

describe('Valkey stores without Valkey (own redis-server)', () => {
  const valkeyEnv = (port: number): Record<string, string> => ({
    INVOCATION_STORE_BACKEND: 'valkey',
    SESSION_STORE_BACKEND: 'memory',
    VALKEY_ADDR: `127.0.0.1:${port}`,
    INVOCATION_STORE_KEY_PREFIX: `wes-e2e:${process.pid}:${randomUUID().slice(0, 8)}`,
    LOG_LEVEL: 'error',
  });

  it('should refuse to start with the unreachable message when nothing listens', async () => {
    const server = await RedisServerProcess.start();
    await server.stop();

    await expect(startTestApp(valkeyEnv(server.port))).rejects.toThrow(
      new RegExp(`^valkey unreachable at 127\\.0\\.0\\.1:${server.port}: .*ECONNREFUSED`),
    );
  });

  it('should answer 503 and report not_ready while Valkey is down, then recover', async () => {
    const server = await RedisServerProcess.start();
    const t = await startTestApp(valkeyEnv(server.port));
    try {
      const created = await t.request('POST', '/v1/sessions', {
        body: { principal: { tenant_id: 'demo', actor_id: 'alice' } },
      });
      const sessionId = created.body.session.id as string;

      await server.stop();
      const started = Date.now();
      const ready = await t.request('GET', '/readyz');
      const invoked = await t.request('POST', `/v1/sessions/${sessionId}/tools/fs.list/invoke`, {
        body: {},
      });

      expect(Date.now() - started).toBeLessThan(3000);
      expect(ready.status).toBe(503);
      expect(ready.body.status).toBe('not_ready');
      expect(ready.body.checks.invocation_store).toMatch(
        /^error: valkey (not connected )?at 127\.0\.0\.1:\d+: /,
      );
      expect(ready.body.checks.session_store).toBe('ok');
      expect(invoked.status).toBe(503);
      expect(invoked.body.error).toEqual({
        code: 'unavailable',
        message: 'valkey unavailable',
        retryable: true,
      });

      await server.restart();
      const deadline = Date.now() + 10_000;
      while ((await t.request('GET', '/readyz')).status !== 200 && Date.now() < deadline) {
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      expect(
        (await t.request('POST', `/v1/sessions/${sessionId}/tools/fs.list/invoke`, { body: {} }))
          .status,
      ).toBe(200);
    } finally {
      await t.close();
      await server.stop();
    }
  });
});
