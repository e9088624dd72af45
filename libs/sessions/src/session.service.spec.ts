import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { Counter, Gauge, Histogram, Registry } from 'prom-client';
import { loadAppConfig } from '#app/config';
import { AppException } from '#app/errors';
import { JsonLogger, ServiceMetrics } from '#app/observability';
import { Clock, MemorySessionStore } from '#app/stores';
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

const command = (overrides: Partial<CreateSessionCommand> = {}): CreateSessionCommand => ({
  allowedPaths: ['.'],
  principal: { tenant_id: 'demo', actor_id: 'alice', roles: [] },
  metadata: {},
  expiresInSeconds: 3600,
  ...overrides,
});

async function refusal(promise: Promise<unknown>): Promise<{ code: string; message: string }> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof AppException) {
      return { code: error.code, message: error.message };
    }
    throw error;
  }
  throw new Error('expected a refusal');
}

describe('SessionService (API.md 5.6, 5.8, 8)', () => {
  let base: string;
  let root: string;
  let clock: FakeClock;
  let store: MemorySessionStore;
  let service: SessionService;
  let gauge: Gauge;

  async function active(): Promise<number> {
    return (await gauge.get()).values[0]?.value ?? 0;
  }

  beforeEach(async () => {
    base = await mkdtemp(join(tmpdir(), 'session-service-'));
    root = join(base, 'workspaces');
    await mkdir(root);
    clock = new FakeClock();
    store = new MemorySessionStore(clock);
    const registry = new Registry();
    const registers = [registry];
    gauge = new Gauge({ name: 'active', help: 'h', registers });
    const metrics = new ServiceMetrics(
      new Counter({ name: 'total', help: 'h', labelNames: ['tool', 'status'], registers }),
      new Counter({ name: 'denied', help: 'h', labelNames: ['tool', 'reason'], registers }),
      new Histogram({ name: 'duration', help: 'h', labelNames: ['tool', 'status'], registers }),
      gauge,
      new Histogram({ name: 'create', help: 'h', labelNames: ['backend'], registers }),
      new Counter({ name: 'lost', help: 'h', labelNames: ['tool'], registers }),
      new Counter({ name: 'explains', help: 'h', labelNames: ['tool', 'allowed'], registers }),
      new Gauge({ name: 'up', help: 'h', labelNames: ['dependency'], registers }),
    );
    const config = loadAppConfig({
      WORKSPACE_ROOT: root,
      ARTIFACT_ROOT: join(base, 'artifacts'),
      WORKSPACE_MAX_SESSION_TTL_SECONDS: '7200',
      WORKSPACE_MAX_SESSION_LIFETIME_SECONDS: '10800',
    });
    const manager = new LocalWorkspaceManager(
      { workspaceRoot: root },
      new LocalCommandRunner({ serviceEnv: {} }),
    );
    const inFlight = new InFlightInvocations();
    const logger = new JsonLogger('error', () => undefined);
    service = new SessionService(
      config,
      store,
      manager,
      metrics,
      inFlight,
      clock,
      logger,
      new SessionActivity(config, store, inFlight, clock, logger),
    );
  });
  afterEach(() => rm(base, { recursive: true, force: true }));

  it('should create a generated id with its workspace, record and gauge', async () => {
    const session = await service.create(command());

    expect(session.id).toMatch(/^session-[0-9a-f]{16}$/);
    expect(session.workspace_path).toBe(join(root, 'demo', session.id, 'repo'));
    expect(session.runtime).toEqual({
      kind: 'local',
      workdir: session.workspace_path,
      workspace_root_id: expect.stringMatching(/^root-[0-9a-f]{16}$/),
    });
    expect(existsSync(session.workspace_path)).toBe(true);
    expect(await store.get(session.id)).toEqual(session);
    expect(await active()).toBe(1);
  });

  it('should keep a caller id and refuse it while live, from any tenant', async () => {
    await service.create(command({ sessionId: 'my-session' }));
    const second = refusal(
      service.create(
        command({
          sessionId: 'my-session',
          principal: { tenant_id: 'other', actor_id: 'bob', roles: [] },
        }),
      ),
    );

    expect(await second).toEqual({ code: 'conflict', message: 'session already exists' });
    expect(existsSync(join(root, 'other'))).toBe(false);
    expect(await active()).toBe(1);
  });

  it.each([
    [3600, 3600],
    [7200, 7200],
    [90000, 7200],
  ])('should cap a TTL of %i s at the configured maximum (%i s)', async (requested, effective) => {
    const session = await service.create(command({ expiresInSeconds: requested }));
    expect(Date.parse(session.expires_at) - Date.parse(session.created_at)).toBe(effective * 1000);
  });

  it('should close an expired session on lookup, removing its workspace and decrementing the gauge', async () => {
    const session = await service.create(command({ expiresInSeconds: 1 }));
    clock.time += 999;
    expect(await service.find(session.id)).not.toBeNull();

    clock.time += 1;
    expect(await service.find(session.id)).toBeNull();

    expect(existsSync(dirname(session.workspace_path))).toBe(false);
    expect(await store.get(session.id)).toBeNull();
    expect(await active()).toBe(0);
    expect(await refusal(service.require(session.id))).toEqual({
      code: 'not_found',
      message: 'session not found',
    });
  });

  it('should let a new create reuse the id of an expired session', async () => {
    const old = await service.create(command({ sessionId: 'reuse-me', expiresInSeconds: 1 }));
    clock.time += 1000;

    const fresh = await service.create(
      command({ sessionId: 'reuse-me', metadata: { second: 'yes' } }),
    );

    expect(fresh.metadata).toEqual({ second: 'yes' });
    expect(fresh.created_at).not.toBe(old.created_at);
    expect(await active()).toBe(1);
  });

  it('should close a session whose workspace disappeared', async () => {
    const session = await service.create(command());
    await rm(dirname(session.workspace_path), { recursive: true });

    expect(await service.find(session.id)).toBeNull();
    expect(await store.get(session.id)).toBeNull();
  });

  it('should keep a session whose workspace another root holds, not served here', async () => {
    const session = await service.create(command());
    await rm(dirname(session.workspace_path), { recursive: true });
    const elsewhere = { ...session, runtime: { ...session.runtime, workspace_root_id: 'root-0' } };
    await store.delete(session.id);
    await store.claim(elsewhere);

    expect(await service.findPlaced(session.id)).toEqual({ session: elsewhere, here: false });
    expect(await service.find(session.id)).toEqual(elsewhere);
    expect(await refusal(service.create(command({ sessionId: session.id })))).toEqual({
      code: 'conflict',
      message: 'session already exists',
    });
    expect(await store.get(session.id)).toEqual(elsewhere);
  });

  it('should give exactly one of two concurrent creates of one id, and one directory', async () => {
    const results = await Promise.allSettled([
      service.create(command({ sessionId: 'race' })),
      service.create(
        command({
          sessionId: 'race',
          principal: { tenant_id: 'other', actor_id: 'bob', roles: [] },
        }),
      ),
    ]);

    const fulfilled = results.filter((result) => result.status === 'fulfilled');
    const rejected = results.filter(
      (result): result is PromiseRejectedResult => result.status === 'rejected',
    );
    expect(fulfilled).toHaveLength(1);
    expect(rejected).toHaveLength(1);
    expect((rejected[0].reason as AppException).code).toBe('conflict');
    const directories = [join(root, 'demo', 'race'), join(root, 'other', 'race')].filter((path) =>
      existsSync(path),
    );
    expect(directories).toHaveLength(1);
    expect(await active()).toBe(1);
  });

  it('should refuse a bad repo_url even when source_repo_path wins', async () => {
    const source = join(base, 'source');
    await mkdir(source);
    expect(
      await refusal(service.create(command({ sourceRepoPath: source, repoUrl: 'ext::sh -c id' }))),
    ).toMatchObject({
      code: 'invalid_argument',
    });
    expect(await active()).toBe(0);
  });

  it('should record repo_url but copy the source when both are given', async () => {
    const source = join(base, 'source');
    await mkdir(source);
    const session = await service.create(
      command({
        sourceRepoPath: source,
        repoUrl: 'https://example.invalid/r.git',
        repoRef: 'main',
      }),
    );
    expect(session.repo_url).toBe('https://example.invalid/r.git');
    expect(session.repo_ref).toBe('main');
  });

  it('should close a session idempotently and cancel its in-flight invocations', async () => {
    const inFlight = (service as unknown as { inFlight: InFlightInvocations }).inFlight;
    const session = await service.create(command());
    const controller = new AbortController();
    inFlight.track('inv-1', session.id, controller, new Promise(() => undefined));

    await service.close(session);
    await service.close(session);
    await service.closeById(session.id);

    expect(controller.signal.reason).toBe('session_closed');
    expect(existsSync(dirname(session.workspace_path))).toBe(false);
    expect(await active()).toBe(0);
  });

  describe('renew (API.md 5.15)', () => {
    it('should record the create TTL and renew to now + that TTL by default', async () => {
      const session = await service.create(command({ expiresInSeconds: 600 }));
      expect(session.ttl_seconds).toBe(600);
      clock.time += 300_000;

      const renewed = await service.renew(session);

      expect(Date.parse(renewed.expires_at)).toBe(clock.time + 600_000);
      expect(renewed.created_at).toBe(session.created_at);
      expect(await store.get(session.id)).toEqual(renewed);
    });

    it('should renew to now + the requested TTL, shorter or longer than the original', async () => {
      const session = await service.create(command({ expiresInSeconds: 600 }));

      expect(Date.parse((await service.renew(session, 60)).expires_at)).toBe(clock.time + 60_000);
      expect(Date.parse((await service.renew(session, 7200)).expires_at)).toBe(
        clock.time + 7_200_000,
      );
    });

    it('should refuse a TTL above the maximum and a lifetime above the maximum, changing nothing', async () => {
      const session = await service.create(command({ expiresInSeconds: 7200 }));

      expect(await refusal(service.renew(session, 7201))).toEqual({
        code: 'invalid_argument',
        message: 'ttl_seconds must be at most 7200',
      });
      clock.time += 3_600_001;
      expect(await refusal(service.renew(session, 7200))).toEqual({
        code: 'invalid_argument',
        message: 'session lifetime would exceed 10800 s',
      });
      expect(await store.get(session.id)).toEqual(session);
    });

    it('should accept a lifetime of exactly the maximum', async () => {
      const session = await service.create(command({ expiresInSeconds: 7200 }));
      clock.time += 3_600_000;

      const renewed = await service.renew(session, 7200);

      expect(Date.parse(renewed.expires_at) - Date.parse(renewed.created_at)).toBe(10_800_000);
    });

    it('should default a record without ttl_seconds to its creation span', async () => {
      const session = await service.create(command({ expiresInSeconds: 900 }));
      const { ttl_seconds: _omitted, ...legacy } = session;

      expect(Date.parse((await service.renew(legacy)).expires_at)).toBe(clock.time + 900_000);
    });

    it('should answer not_found when the session was closed in the meantime', async () => {
      const session = await service.create(command());
      await service.close(session);

      expect(await refusal(service.renew(session))).toEqual({
        code: 'not_found',
        message: 'session not found',
      });
      expect(await store.get(session.id)).toBeNull();
    });

    it('should keep a renewed session through the sweep past its original expiry', async () => {
      const session = await service.create(command({ expiresInSeconds: 60 }));
      clock.time += 30_000;
      await service.renew(session, 600);
      clock.time += 60_000;

      await service.sweep();

      expect(await service.find(session.id)).not.toBeNull();
      expect(existsSync(session.workspace_path)).toBe(true);
    });
  });

  describe('fork (API.md 5.16)', () => {
    it('should copy the workspace into a new session of the same principal, with forked_from', async () => {
      const source = await service.create(command({ metadata: { team: 'x' } }));
      await writeFile(join(source.workspace_path, 'state.txt'), 'v1');

      const fork = await service.fork(
        source,
        command({ sessionId: 'fork-1', expiresInSeconds: 999_999, metadata: { team: 'x' } }),
      );

      expect(fork).toMatchObject({
        id: 'fork-1',
        forked_from: source.id,
        principal: source.principal,
      });
      expect(fork.workspace_path).not.toBe(source.workspace_path);
      expect(await readFile(join(fork.workspace_path, 'state.txt'), 'utf8')).toBe('v1');
      expect(Date.parse(fork.expires_at) - Date.parse(fork.created_at)).toBe(7_200_000);
      expect(await store.get('fork-1')).toEqual(fork);
      expect(await active()).toBe(2); // a fork counts as a created session
    });

    it('should refuse a live id with 409 and leave the holder untouched', async () => {
      const source = await service.create(command({ sessionId: 'source-1' }));

      expect(await refusal(service.fork(source, command({ sessionId: 'source-1' })))).toEqual({
        code: 'conflict',
        message: 'session already exists',
      });
      expect(existsSync(source.workspace_path)).toBe(true);
    });

    it('should refuse a kubernetes session on the local backend without provisioning anything', async () => {
      const source = await service.create(command());
      const podSession = {
        ...source,
        runtime: { kind: 'kubernetes' as const, workdir: '/workspace/repo', pod_name: 'p' },
      };

      expect(await refusal(service.fork(podSession, command({ sessionId: 'fork-k' })))).toEqual({
        code: 'invalid_argument',
        message: 'cannot fork a kubernetes session with the local workspace backend',
      });
      expect(await store.get('fork-k')).toBeNull();
    });
  });

  describe('sweep (API.md 8.2, 8.3)', () => {
    it('should close expired sessions, remove old orphans, keep young ones and recompute the gauge', async () => {
      const live = await service.create(command({ expiresInSeconds: 7200 }));
      const expired = await service.create(command({ expiresInSeconds: 10 }));
      const oldOrphan = join(root, 'ghost', 'orphan-old', 'repo');
      const youngOrphan = join(root, 'ghost', 'orphan-young', 'repo');
      await mkdir(oldOrphan, { recursive: true });
      await mkdir(youngOrphan, { recursive: true });
      const longAgo = new Date(Date.now() - 10 * 60_000);
      await utimes(dirname(oldOrphan), longAgo, longAgo);
      await utimes(dirname(dirname(live.workspace_path)), longAgo, longAgo);
      await utimes(dirname(live.workspace_path), longAgo, longAgo);
      gauge.set(42);
      clock.time += 10_000;

      await service.sweep();

      expect(existsSync(dirname(expired.workspace_path))).toBe(false);
      expect(existsSync(dirname(oldOrphan))).toBe(false);
      expect(existsSync(dirname(youngOrphan))).toBe(true);
      expect(existsSync(live.workspace_path)).toBe(true);
      expect(await store.get(live.id)).not.toBeNull();
      expect(await active()).toBe(1);
    });
  });
});
