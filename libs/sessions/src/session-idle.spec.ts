import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm, utimes } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { Counter, Gauge, Histogram, Registry } from 'prom-client';
import { loadAppConfig } from '#app/config';
import type { Session } from '#app/contracts';
import { JsonLogger, ServiceMetrics } from '#app/observability';
import { Clock, MemorySessionStore, SessionStore } from '#app/stores';
import { LocalCommandRunner, LocalWorkspaceManager } from '#app/workspace/testing';
import type { CreateSessionCommand } from './create-session.request.js';
import { InFlightInvocations } from './in-flight-invocations.js';
import { SessionActivity } from './session-activity.js';
import { SessionService } from './session.service.js';

class FakeClock extends Clock {
  time = Date.parse('2030-01-01T00:00:00.000Z');
  now(): number {
    return this.time;
  }
}

/** The Valkey adapter's shape for the sweeper: records exist but cannot be enumerated. */
class NonEnumeratingStore extends MemorySessionStore {
  override async listAll(): Promise<Session[]> {
    return [];
  }
}

/** Another replica's touch lands between this replica's read and its idle delete. */
class TouchedBeforeDeleteStore extends MemorySessionStore {
  constructor(private readonly at: () => number) {
    super({ now: at });
  }

  override async deleteIfIdle(id: string, cutoff: string): Promise<boolean> {
    await this.touch(id, new Date(this.at()).toISOString());
    return super.deleteIfIdle(id, cutoff);
  }
}

const command = (overrides: Partial<CreateSessionCommand> = {}): CreateSessionCommand => ({
  allowedPaths: ['.'],
  principal: { tenant_id: 'demo', actor_id: 'alice', roles: [] },
  metadata: {},
  expiresInSeconds: 3600,
  ...overrides,
});

const IDLE_MS = 10_000;

describe('Session idle timeout (API.md 8.2, WORKSPACE_SESSION_IDLE_TIMEOUT_SECONDS)', () => {
  let base: string;
  let root: string;
  let clock: FakeClock;
  let inFlight: InFlightInvocations;
  let logs: Array<Record<string, unknown>>;
  let gauge: Gauge;

  function build(
    store: SessionStore,
    idleSeconds = String(IDLE_MS / 1000),
  ): { service: SessionService; activity: SessionActivity } {
    const registers = [new Registry()];
    const metrics = new ServiceMetrics(
      new Counter({ name: 'total', help: 'h', labelNames: ['tool', 'status'], registers }),
      new Counter({ name: 'denied', help: 'h', labelNames: ['tool', 'reason'], registers }),
      new Histogram({ name: 'duration', help: 'h', labelNames: ['tool', 'status'], registers }),
      (gauge = new Gauge({ name: 'active', help: 'h', registers })),
      new Histogram({ name: 'create', help: 'h', labelNames: ['backend'], registers }),
      new Counter({ name: 'lost', help: 'h', labelNames: ['tool'], registers }),
      new Counter({ name: 'explains', help: 'h', labelNames: ['tool', 'allowed'], registers }),
      new Gauge({ name: 'up', help: 'h', labelNames: ['dependency'], registers }),
    );
    const config = loadAppConfig({
      WORKSPACE_ROOT: root,
      ARTIFACT_ROOT: join(base, 'artifacts'),
      WORKSPACE_SESSION_IDLE_TIMEOUT_SECONDS: idleSeconds,
    });
    const manager = new LocalWorkspaceManager(
      { workspaceRoot: root },
      new LocalCommandRunner({ serviceEnv: {} }),
    );
    const logger = new JsonLogger('info', (line) =>
      logs.push(JSON.parse(line) as Record<string, unknown>),
    );
    const activity = new SessionActivity(config, store, inFlight, clock, logger);
    const service = new SessionService(
      config,
      store,
      manager,
      metrics,
      inFlight,
      clock,
      logger,
      activity,
    );
    return { service, activity };
  }

  function closedLines(): Array<Record<string, unknown>> {
    return logs.filter((line) => line.msg === 'session closed');
  }

  beforeEach(async () => {
    base = await mkdtemp(join(tmpdir(), 'session-idle-'));
    root = join(base, 'workspaces');
    await mkdir(root);
    clock = new FakeClock();
    inFlight = new InFlightInvocations();
    logs = [];
  });
  afterEach(() => rm(base, { recursive: true, force: true }));

  it('should start last_activity_at at created_at', async () => {
    const store = new MemorySessionStore(clock);
    const { service } = build(store);

    const session = await service.create(command());

    expect(session.last_activity_at).toBe(session.created_at);
    expect((await store.get(session.id))?.last_activity_at).toBe(session.created_at);
  });

  it('should close a session idle for the timeout on sweep: record, workspace, log line with reason idle', async () => {
    const store = new MemorySessionStore(clock);
    const { service } = build(store);
    const idle = await service.create(command());
    clock.time += IDLE_MS - 1;
    const fresh = await service.create(command());
    await service.sweep();
    expect(await store.get(idle.id)).not.toBeNull();

    clock.time += 1;
    await service.sweep();

    expect(await store.get(idle.id)).toBeNull();
    expect(existsSync(dirname(idle.workspace_path))).toBe(false);
    expect(await store.get(fresh.id)).not.toBeNull();
    expect(closedLines()).toEqual([
      expect.objectContaining({
        session_id: idle.id,
        reason: 'idle',
        tenant_id: 'demo',
        actor_id: 'alice',
        last_activity_at: idle.created_at,
      }),
    ]);
    expect((await gauge.get()).values[0]?.value).toBe(1);
  });

  it('should never close for idleness when the timeout is 0 (off)', async () => {
    const store = new MemorySessionStore(clock);
    const { service } = build(store, '0');
    const session = await service.create(command());
    clock.time += 3_599_000;

    await service.sweep();

    expect(await service.find(session.id)).not.toBeNull();
  });

  it('should close an idle session found by a lookup before the sweeper ran, and report it absent', async () => {
    const store = new MemorySessionStore(clock);
    const { service } = build(store);
    const session = await service.create(command());
    clock.time += IDLE_MS;

    expect(await service.find(session.id)).toBeNull();

    expect(await store.get(session.id)).toBeNull();
    expect(existsSync(dirname(session.workspace_path))).toBe(false);
    expect(closedLines()).toEqual([expect.objectContaining({ reason: 'idle' })]);
  });

  it('should log reason expired when a session past expires_at is closed', async () => {
    const store = new MemorySessionStore(clock);
    const { service } = build(store, '0');
    const session = await service.create(command({ expiresInSeconds: 5 }));
    clock.time += 5000;

    await service.sweep();

    expect(await store.get(session.id)).toBeNull();
    expect(closedLines()).toEqual([
      expect.objectContaining({ session_id: session.id, reason: 'expired' }),
    ]);
  });

  it('should count a renew as activity and keep expires_at as the renew set it', async () => {
    const store = new MemorySessionStore(clock);
    const { service } = build(store);
    const session = await service.create(command({ expiresInSeconds: 60 }));
    clock.time += 8000;

    const renewed = await service.renew(session, 120);

    expect(renewed.last_activity_at).toBe(new Date(clock.time).toISOString());
    clock.time += IDLE_MS - 1;
    await service.sweep();
    expect(await store.get(session.id)).toEqual(renewed);
    clock.time += 1;
    await service.sweep();
    expect(await store.get(session.id)).toBeNull();
  });

  it('should never close a session with an invocation running on this replica, and close it once that ends', async () => {
    const store = new MemorySessionStore(clock);
    const { service } = build(store);
    const session = await service.create(command());
    let finish!: () => void;
    const done = new Promise<void>((resolve) => (finish = resolve));
    const controller = new AbortController();
    inFlight.track('inv-1', session.id, controller, done);
    clock.time += 10 * IDLE_MS;

    await service.sweep();
    expect(await service.find(session.id)).not.toBeNull();
    expect(controller.signal.aborted).toBe(false);

    finish();
    await done;
    await Promise.resolve();
    await service.sweep();
    expect(await store.get(session.id)).toBeNull();
  });

  it('should close idle sessions served here when the store cannot enumerate (Valkey)', async () => {
    const store = new NonEnumeratingStore(clock);
    const { service } = build(store);
    const idle = await service.create(command());
    clock.time += IDLE_MS;

    await service.sweep();

    expect(await store.get(idle.id)).toBeNull();
    expect(existsSync(dirname(idle.workspace_path))).toBe(false);
  });

  it('should close an idle session whose workspace it finds on disk after a restart (Valkey)', async () => {
    const store = new NonEnumeratingStore(clock);
    const session = await build(store).service.create(command());
    const longAgo = new Date(Date.now() - 10 * 60_000);
    await utimes(dirname(session.workspace_path), longAgo, longAgo);
    const restarted = build(store).service;
    clock.time += IDLE_MS;

    await restarted.sweep();

    expect(await store.get(session.id)).toBeNull();
    expect(existsSync(dirname(session.workspace_path))).toBe(false);
    expect(closedLines()).toEqual([expect.objectContaining({ reason: 'idle' })]);
  });

  it('should not close a session judged idle when activity lands before the delete (sweep and lookup)', async () => {
    const store = new TouchedBeforeDeleteStore(() => clock.time);
    const { service } = build(store);
    const session = await service.create(command());
    clock.time += IDLE_MS;

    await service.sweep();
    expect(await store.get(session.id)).not.toBeNull();
    clock.time += IDLE_MS;
    const found = await service.find(session.id);

    expect(found?.id).toBe(session.id);
    expect(existsSync(session.workspace_path)).toBe(true);
    expect(closedLines()).toEqual([]);
  });

  it('should finish the local close when another replica removed the idle record first', async () => {
    const store = new NonEnumeratingStore(clock);
    const { service } = build(store);
    const session = await service.create(command());
    clock.time += IDLE_MS;
    await store.delete(session.id);

    expect(await service.closeEnded(session, 'idle')).toBe(true);

    expect(existsSync(dirname(session.workspace_path))).toBe(false);
  });

  it('should count a fork as activity of the source', async () => {
    const store = new MemorySessionStore(clock);
    const { service } = build(store);
    const source = await service.create(command());
    clock.time += 7000;

    const fork = await service.fork(source, command({ sessionId: 'fork-1' }));

    expect((await store.get(source.id))?.last_activity_at).toBe(new Date(clock.time).toISOString());
    expect(fork.last_activity_at).toBe(fork.created_at);
    clock.time += IDLE_MS - 1;
    await service.sweep();
    expect(await store.get(source.id)).not.toBeNull();
  });
});
