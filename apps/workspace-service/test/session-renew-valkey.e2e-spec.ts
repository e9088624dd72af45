import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Session } from '#app/contracts';
import { ValkeyConnection } from '#app/stores';
import { requireService } from '#app/testing';
import {
  freePort,
  type ServiceProcess,
  spawnService,
  waitReady,
} from './support/service-process.js';

const redisUp = await requireService('Redis', '127.0.0.1', 6379);
const describeRedis = redisUp ? describe : describe.skip;

// The built service as a process on Valkey stores: a renew moves the session key's TTL (API.md 5.15, 9.1).
describeRedis('session renew on a live service with Valkey stores (Redis 127.0.0.1:6379)', () => {
  const run = `wes-renew:${process.pid}:${randomUUID().slice(0, 8)}`;
  const root = mkdtempSync(join(tmpdir(), 'wes-renew-proc-'));
  let redis: ValkeyConnection;
  let service: ServiceProcess;
  let port: number;

  beforeAll(async () => {
    redis = await ValkeyConnection.open({ host: '127.0.0.1', port: 6379, db: 0 });
    port = await freePort();
    service = spawnService(
      {
        WORKSPACE_ROOT: join(root, 'w'),
        ARTIFACT_ROOT: join(root, 'a'),
        INVOCATION_STORE_BACKEND: 'valkey',
        SESSION_STORE_BACKEND: 'valkey',
        VALKEY_ADDR: '127.0.0.1:6379',
        INVOCATION_STORE_KEY_PREFIX: `${run}:invocation`,
        SESSION_STORE_KEY_PREFIX: `${run}:session`,
        WORKSPACE_LOCAL_SANDBOX: 'off',
        LOG_LEVEL: 'error',
      },
      port,
    );
    await waitReady(port);
  }, 90_000);

  afterAll(async () => {
    service.child.kill('SIGTERM');
    await service.exited;
    const keys = await redis.client.keys(`${run}*`);
    if (keys.length > 0) {
      await redis.client.del(...keys);
    }
    await redis.close();
    rmSync(root, { recursive: true, force: true });
  });

  const post = async (path: string, body: unknown) => {
    const response = await fetch(`http://127.0.0.1:${port}${path}`, {
      method: 'POST',
      body: JSON.stringify(body),
    });
    return { status: response.status, body: (await response.json()) as { session: Session } };
  };

  it('should move the Valkey key TTL to the renewed expires_at, and serve the renewed record', async () => {
    const created = await post('/v1/sessions', {
      principal: { tenant_id: 't', actor_id: 'a' },
      expires_in_seconds: 120,
    });
    expect(created.status).toBe(201);
    const id = created.body.session.id;
    const key = `${run}:session:${id}`;
    expect(await redis.client.ttl(key)).toBeLessThanOrEqual(120);

    const renewed = await post(`/v1/sessions/${id}/renew`, { ttl_seconds: 7200 });

    expect(renewed.status).toBe(200);
    expect(renewed.body.session.ttl_seconds).toBe(120);
    const ttl = await redis.client.ttl(key);
    expect(ttl).toBeGreaterThan(120);
    expect(ttl).toBeLessThanOrEqual(7200);
    const remaining = Date.parse(renewed.body.session.expires_at) - Date.now();
    // The key expires when the session does (to the second, rounded up).
    expect(Math.abs(ttl * 1000 - remaining)).toBeLessThanOrEqual(60_000);
    expect(JSON.parse((await redis.client.get(key)) ?? 'null')).toEqual(renewed.body.session);
    const read = await fetch(`http://127.0.0.1:${port}/v1/sessions/${id}`);
    expect(await read.json()).toEqual({ session: renewed.body.session });
  }, 60_000);
});
