import { randomUUID } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync, utimesSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import type { Invocation, Session } from '#app/contracts';
import { ValkeyConnection } from '#app/stores';
import { requireService } from '#app/testing';
import {
  freePort,
  type ServiceProcess,
  spawnService,
  waitReady,
} from '../support/service-process.js';

const redisUp = await requireService('Redis', '127.0.0.1', 6379);
const IDLE_SECONDS = 2;
const principal = { tenant_id: 'idle-tenant', actor_id: 'idle-actor' };

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Polls `probe` until it is true; fails after 30 s (the machine may be loaded). */
async function eventually(probe: () => Promise<boolean> | boolean): Promise<void> {
  const deadline = Date.now() + 30_000;
  while (!(await probe())) {
    if (Date.now() > deadline) {
      throw new Error('condition not reached within 30 s');
    }
    await sleep(100);
  }
}

// API.md 8.2: the built service as a process, idle timeout 2 s, sweeper every 1 s, both stores.
describe.each([
  { store: 'memory', enabled: true },
  { store: 'valkey', enabled: redisUp },
])('idle timeout on a live service ($store session store)', ({ store, enabled }) => {
  const maybe = enabled ? it : it.skip;
  const run = `wes-idle:${process.pid}:${randomUUID().slice(0, 8)}`;
  const root = mkdtempSync(join(tmpdir(), `wes-idle-${store}-`));
  let redis: ValkeyConnection | undefined;
  let service: ServiceProcess | undefined;
  let port: number;
  let env: Record<string, string>;

  beforeAll(async () => {
    if (!enabled) {
      return;
    }
    port = await freePort();
    const stores: Record<string, string> =
      store === 'valkey'
        ? {
            INVOCATION_STORE_BACKEND: 'valkey',
            SESSION_STORE_BACKEND: 'valkey',
            VALKEY_ADDR: '127.0.0.1:6379',
            INVOCATION_STORE_KEY_PREFIX: `${run}:invocation`,
            SESSION_STORE_KEY_PREFIX: `${run}:session`,
          }
        : {};
    if (store === 'valkey') {
      redis = await ValkeyConnection.open({ host: '127.0.0.1', port: 6379, db: 0 });
    }
    env = {
      WORKSPACE_ROOT: join(root, 'w'),
      ARTIFACT_ROOT: join(root, 'a'),
      WORKSPACE_LOCAL_SANDBOX: 'off',
      WORKSPACE_SESSION_IDLE_TIMEOUT_SECONDS: String(IDLE_SECONDS),
      WORKSPACE_SESSION_SWEEP_INTERVAL_SECONDS: '1',
      LOG_LEVEL: 'info',
      ...stores,
    };
    service = spawnService(env, port);
    await waitReady(port);
  }, 90_000);

  afterAll(async () => {
    if (service) {
      service.child.kill('SIGTERM');
      await service.exited;
    }
    if (redis) {
      const keys = await redis.client.keys(`${run}*`);
      if (keys.length > 0) {
        await redis.client.del(...keys);
      }
      await redis.close();
    }
    rmSync(root, { recursive: true, force: true });
  });

  async function call(
    method: string,
    path: string,
    body?: unknown,
  ): Promise<{ status: number; body: { session?: Session; invocation?: Invocation } }> {
    const response = await fetch(`http://127.0.0.1:${port}${path}`, {
      method,
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    return {
      status: response.status,
      body: (await response.json()) as { session?: Session; invocation?: Invocation },
    };
  }

  async function create(expiresIn = 600): Promise<Session> {
    const created = await call('POST', '/v1/sessions', {
      principal,
      expires_in_seconds: expiresIn,
    });
    expect(created.status).toBe(201);
    return created.body.session as Session;
  }

  // `approved`: writing and running programs are approval-gated (API.md 7.3).
  const invoke = (id: string, tool: string, args: Record<string, unknown>) =>
    call('POST', `/v1/sessions/${id}/tools/${tool}/invoke`, { args, approved: true });
  const sessionRoot = (session: Session): string => dirname(session.workspace_path);
  const sessionKey = (id: string): string => `${run}:session:${id}`;

  maybe(
    'should close an idle session in the sweeper: workspace removed, record gone, 404, logged as idle',
    async () => {
      const session = await create();
      expect(session.last_activity_at).toBe(session.created_at);

      // Only the directory is watched: a GET would close the session itself (lazy expiry).
      await eventually(() => !existsSync(sessionRoot(session)));

      if (redis) {
        expect(await redis.client.exists(sessionKey(session.id))).toBe(0);
      }
      expect((await call('GET', `/v1/sessions/${session.id}`)).status).toBe(404);
      const closed = service
        ?.stdout()
        .split('\n')
        .filter((line) => line.includes('"session closed"') && line.includes(session.id));
      expect(closed?.map((line) => JSON.parse(line) as Record<string, unknown>)).toEqual([
        expect.objectContaining({ session_id: session.id, reason: 'idle' }),
      ]);
    },
    60_000,
  );

  maybe(
    'should keep a session busy with invocations and renews past several idle timeouts',
    async () => {
      const session = await create();
      const busyUntil = Date.now() + 3 * IDLE_SECONDS * 1000;
      let round = 0;
      while (Date.now() < busyUntil) {
        const response =
          round++ % 4 === 3
            ? await call('POST', `/v1/sessions/${session.id}/renew`, {})
            : await invoke(session.id, 'fs.list', { path: '.' });
        expect(response.status).toBe(200);
        await sleep(300);
      }

      const live = await call('GET', `/v1/sessions/${session.id}`);
      expect(live.status).toBe(200);
      expect(existsSync(session.workspace_path)).toBe(true);
      expect(Date.parse(live.body.session?.last_activity_at ?? '')).toBeGreaterThan(
        Date.parse(session.created_at) + IDLE_SECONDS * 1000,
      );
      // Left alone it ends like any idle session.
      await eventually(() => !existsSync(sessionRoot(session)));
    },
    90_000,
  );

  maybe(
    'should never close a session while an invocation longer than the idle timeout runs',
    async () => {
      const session = await create();
      const source = '#include <unistd.h>\nint main(void) { sleep(6); return 0; }\n';
      expect(
        (await invoke(session.id, 'fs.write_file', { path: 'sleep_test.c', content: source }))
          .status,
      ).toBe(200);

      const test = await invoke(session.id, 'c.test', { source: 'sleep_test.c' });

      expect(test.status).toBe(200);
      // The precondition that makes this test mean something: the run outlived the timeout.
      expect(test.body.invocation?.duration_ms).toBeGreaterThan(IDLE_SECONDS * 1000 + 1000);
      const live = await call('GET', `/v1/sessions/${session.id}`);
      expect(live.status).toBe(200);
      expect(existsSync(session.workspace_path)).toBe(true);
    },
    90_000,
  );

  maybe(
    'should keep the renewed expires_at (and key TTL) through the activity that follows a renew',
    async () => {
      const session = await create(120);
      expect((await invoke(session.id, 'fs.list', { path: '.' })).status).toBe(200);
      const renewed = await call('POST', `/v1/sessions/${session.id}/renew`, { ttl_seconds: 900 });
      expect(renewed.status).toBe(200);
      await sleep(IDLE_SECONDS * 500);
      expect((await invoke(session.id, 'fs.list', { path: '.' })).status).toBe(200);
      await sleep(IDLE_SECONDS * 500);
      expect((await invoke(session.id, 'fs.list', { path: '.' })).status).toBe(200);
      // A throttled end-of-invocation touch is written by the next activity tick (every 200 ms).
      await sleep(600);

      const live = await call('GET', `/v1/sessions/${session.id}`);
      expect(live.status).toBe(200);
      expect(live.body.session?.expires_at).toBe(renewed.body.session?.expires_at);
      expect(Date.parse(live.body.session?.last_activity_at ?? '')).toBeGreaterThan(
        Date.parse(renewed.body.session?.last_activity_at ?? ''),
      );
      if (redis) {
        const ttl = await redis.client.ttl(sessionKey(session.id));
        expect(ttl).toBeGreaterThan(120);
        expect(ttl).toBeLessThanOrEqual(900);
        expect(JSON.parse((await redis.client.get(sessionKey(session.id))) ?? 'null')).toEqual(
          live.body.session,
        );
      }
    },
    60_000,
  );

  // Memory records do not survive a restart; the Valkey ones do, and only idleness ends them.
  if (store === 'valkey') {
    maybe(
      'should close an idle session after a restart, found by the orphan pass: key removed, not left to its TTL',
      async () => {
        const session = await create();
        service?.child.kill('SIGTERM');
        await service?.exited;
        // The orphan pass looks at session directories older than 120 s (API.md 8.3).
        const longAgo = new Date(Date.now() - 10 * 60_000);
        utimesSync(sessionRoot(session), longAgo, longAgo);
        service = spawnService(env, port);
        await waitReady(port);

        await eventually(() => !existsSync(sessionRoot(session)));

        expect(await redis?.client.exists(sessionKey(session.id))).toBe(0);
        expect(service.stdout()).toContain(`"session_id":"${session.id}"`);
        expect((await call('GET', `/v1/sessions/${session.id}`)).status).toBe(404);
      },
      120_000,
    );
  }
});
