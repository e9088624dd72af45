import { setTimeout as sleep } from 'node:timers/promises';
import type { Session } from '#app/contracts';
import { JsonLogger } from '#app/observability';
import { MemorySessionStore, SystemClock } from '#app/stores';
import { type JanitorLogger, type JanitorSessions, WorkspaceJanitor } from '#app/workspace';
import type { SessionService } from './session.service.js';
import { WorkspaceJanitorRunner } from './workspace-janitor.runner.js';

class RecordingJanitor extends WorkspaceJanitor {
  readonly sweeps: JanitorSessions[] = [];

  constructor(
    readonly intervalMs: number | null,
    private readonly sweep: (
      sessions: JanitorSessions,
      logger: JanitorLogger,
    ) => Promise<void> = async () => undefined,
  ) {
    super();
  }

  override async sweepOnce(sessions: JanitorSessions, logger: JanitorLogger): Promise<void> {
    this.sweeps.push(sessions);
    await this.sweep(sessions, logger);
  }
}

const session: Session = {
  id: 'session-1',
  workspace_path: '/w',
  runtime: {
    kind: 'kubernetes',
    namespace: 'ns',
    pod_name: 'ws-session-1',
    container: 'runner',
    workdir: '/workspace/repo',
  },
  allowed_paths: ['.'],
  principal: { tenant_id: 't', actor_id: 'a', roles: [] },
  metadata: {},
  created_at: '2030-01-01T00:00:00.000Z',
  expires_at: '2030-01-01T01:00:00.000Z',
};

// Idle by the (stubbed) session service's judgement, API.md 8.2.
const idle: Session = {
  ...session,
  id: 'session-idle',
  expires_at: '2099-01-01T00:00:00.000Z',
  last_activity_at: '2030-01-01T00:00:05.000Z',
};

describe('WorkspaceJanitorRunner', () => {
  let store: MemorySessionStore;
  let closed: Session[];
  let endReasons: string[];
  let logs: Array<Record<string, unknown>>;
  let runner: WorkspaceJanitorRunner | undefined;

  const start = (janitor: WorkspaceJanitor): WorkspaceJanitorRunner => {
    const sessions = {
      close: async (record: Session) => void closed.push(record),
      closeEnded: async (record: Session, reason: string) => {
        closed.push(record);
        endReasons.push(reason);
      },
      endReason: (record: Session) =>
        record.id === idle.id
          ? 'idle'
          : Date.parse(record.expires_at) <= Date.now()
            ? 'expired'
            : null,
    } as unknown as SessionService;
    const logger = new JsonLogger('debug', (line) =>
      logs.push(JSON.parse(line) as Record<string, unknown>),
    );
    runner = new WorkspaceJanitorRunner(janitor, store, sessions, logger);
    runner.onApplicationBootstrap();
    return runner;
  };

  beforeEach(async () => {
    store = new MemorySessionStore(new SystemClock());
    await store.claim(session);
    closed = [];
    endReasons = [];
    logs = [];
  });
  afterEach(async () => {
    await runner?.onApplicationShutdown();
    runner = undefined;
  });

  it('should sweep once at startup when the backend has a janitor', async () => {
    const janitor = new RecordingJanitor(60_000);
    start(janitor);

    await sleep(50);

    expect(janitor.sweeps).toHaveLength(1);
  });

  it('should never sweep when the backend leaves nothing behind', async () => {
    const janitor = new RecordingJanitor(null);
    start(janitor);

    await sleep(50);

    expect(janitor.sweeps).toHaveLength(0);
  });

  it('should look sessions up in the store and close an expired one through the session service', async () => {
    const janitor = new RecordingJanitor(60_000, async (sessions) => {
      expect(await sessions.find('session-1')).toEqual(session);
      expect(await sessions.find('missing')).toBeNull();
      await sessions.closeExpired('session-1');
      await sessions.closeExpired('missing');
    });
    start(janitor);

    await sleep(50);

    expect(closed).toEqual([session]);
  });

  it('should show the janitor an idle session as expired and close it naming the reason', async () => {
    await store.claim(idle);
    const janitor = new RecordingJanitor(60_000, async (sessions) => {
      expect(await sessions.find('session-idle')).toEqual({
        ...idle,
        expires_at: idle.last_activity_at,
      });
      await sessions.closeExpired('session-idle');
    });
    start(janitor);

    await sleep(50);

    expect(closed).toEqual([idle]);
    expect(endReasons).toEqual(['idle']);
  });

  it('should log a failed sweep and keep the service running', async () => {
    start(new RecordingJanitor(60_000, async () => Promise.reject(new Error('boom'))));

    await sleep(50);

    expect(logs).toContainEqual(
      expect.objectContaining({ level: 'warn', msg: 'pod janitor sweep failed' }),
    );
  });
});
