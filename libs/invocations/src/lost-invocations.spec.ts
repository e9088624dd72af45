import { randomUUID } from 'node:crypto';
import { Counter, Histogram, Gauge, Registry } from 'prom-client';
import type { Invocation } from '#app/contracts';
import type { AppConfig } from '#app/config';
import { AuditLog, JsonLogger, ServiceMetrics } from '#app/observability';
import {
  type RunningFacts,
  ValkeyInvocationEvents,
  SystemClock,
  ValkeyConnection,
  ValkeyInvocationStore,
} from '#app/stores';
import { requireService } from '#app/testing';
import { InvocationEventPublisher } from './events/invocation-event-publisher.js';
import { LostInvocations } from './lost-invocations.js';

const REDIS = { host: '127.0.0.1', port: 6379, db: 0 } as const;
const describeRedis = (await requireService('Redis', REDIS.host, REDIS.port))
  ? describe
  : describe.skip;

const FACTS: RunningFacts = {
  approved: true,
  argsSha256: 'cd'.repeat(32),
  principal: { tenant_id: 'acme', actor_id: 'alice', roles: ['developer'] },
  metadata: { purpose: 'lost' },
};

interface Replica {
  store: ValkeyInvocationStore;
  events: ValkeyInvocationEvents;
  lost: LostInvocations;
  lines: Array<Record<string, unknown>>;
  registry: Registry;
  connection: ValkeyConnection;
}

describeRedis('LostInvocations (Redis 127.0.0.1:6379)', () => {
  const prefix = `wes-test:lost-invocations:${process.pid}:${randomUUID().slice(0, 8)}`;
  const replicas: Replica[] = [];

  // A replica as a separate process would have it: own connection, logger and metrics.
  async function replica(id: string): Promise<Replica> {
    const connection = await ValkeyConnection.open(REDIS);
    const store = new ValkeyInvocationStore(connection, prefix, 3600, id);
    const lines: Array<Record<string, unknown>> = [];
    const logger = new JsonLogger('debug', (line) =>
      lines.push(JSON.parse(line) as Record<string, unknown>),
    );
    const registry = new Registry();
    const registers = [registry];
    const metrics = new ServiceMetrics(
      new Counter({ name: 'total', help: 'h', labelNames: ['tool', 'status'], registers }),
      new Counter({ name: 'denied', help: 'h', labelNames: ['tool', 'reason'], registers }),
      new Histogram({ name: 'duration', help: 'h', labelNames: ['tool', 'status'], registers }),
      new Gauge({ name: 'active', help: 'h', registers }),
      new Histogram({ name: 'create', help: 'h', labelNames: ['backend'], registers }),
      new Counter({ name: 'lost', help: 'h', labelNames: ['tool'], registers }),
      new Counter({ name: 'explains', help: 'h', labelNames: ['tool', 'allowed'], registers }),
      new Gauge({ name: 'up', help: 'h', labelNames: ['dependency'], registers }),
    );
    const events = new ValkeyInvocationEvents(connection, prefix, 3600);
    const config = { limits: { maxOutputBytes: 1_000_000 } } as AppConfig;
    const publisher = new InvocationEventPublisher(events, new SystemClock(), logger, config);
    const lost = new LostInvocations(
      store,
      new SystemClock(),
      metrics,
      new AuditLog(logger),
      logger,
      publisher,
    );
    const made = { store, events, lost, lines, registry, connection };
    replicas.push(made);
    return made;
  }

  function running(): Invocation {
    return {
      id: `inv_${randomUUID().replaceAll('-', '')}`,
      session_id: 'session-lost',
      tool_name: 'repo.run_tests',
      correlation_id: 'req-1',
      status: 'running',
      started_at: new Date(Date.now() - 2000).toISOString(),
      duration_ms: 0,
      trace_name: 'workspace.repo',
      span_name: 'repo.run_tests',
      exit_code: 0,
      logs: [],
      artifacts: [],
    };
  }

  const audits = (lines: Array<Record<string, unknown>>): Array<Record<string, unknown>> =>
    lines.filter((line) => line['msg'] === 'audit.tool_invocation');

  afterAll(async () => {
    const [first] = replicas;
    if (first) {
      const keys = await first.connection.client.keys(`${prefix}:*`);
      if (keys.length > 0) {
        await first.connection.client.del(...keys);
      }
    }
    await Promise.all(replicas.map((one) => one.connection.close()));
  });

  it('should finish a lost record once, with one audit line, when two replicas read it at once', async () => {
    const a = await replica('replica-a');
    const b = await replica('replica-b');
    const c = await replica('replica-c');
    const record = running();
    await a.store.save(record, FACTS); // replica-a never beats: it is already gone

    const [readByB, readByC] = await Promise.all([b.lost.settle(record), c.lost.settle(record)]);

    expect(readByB).toEqual(readByC);
    expect(readByB).toMatchObject({
      id: record.id,
      status: 'failed',
      error: {
        code: 'unavailable',
        message: 'invocation lost: replica replica-a stopped',
        retryable: true,
      },
    });
    expect(readByB.duration_ms).toBeGreaterThanOrEqual(2000);
    const lines = [...audits(b.lines), ...audits(c.lines)];
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({
      invocation_id: record.id,
      status: 'failed',
      error_code: 'unavailable',
      approved: true,
      tenant_id: 'acme',
      actor_id: 'alice',
      args_sha256: FACTS.argsSha256,
      correlation_id: 'req-1',
    });
    const lostCounts = await Promise.all(
      [b, c].map(async (one) => (await one.registry.getSingleMetric('lost')?.get())?.values ?? []),
    );
    expect(lostCounts.flat().reduce((sum, value) => sum + value.value, 0)).toBe(1);
    // One `done`, written by the winner, so a reader of its events never hangs on replica-a.
    const stream = await b.events.read(record.id, null);
    expect(stream.map((event) => event.event)).toEqual(['done']);
    expect(stream[0]?.data).toEqual(readByB);
  });

  it('should finish lost records by sweeping and leave running records of live replicas alone', async () => {
    const a = await replica('replica-sweep-a');
    const b = await replica('replica-sweep-b');
    const live = await replica('replica-sweep-live');
    await live.store.heartbeat();
    const lostRecord = running();
    const liveRecord = running();
    await a.store.save(lostRecord, FACTS);
    await live.store.save(liveRecord, FACTS);

    const finished = await b.lost.sweep();
    const again = await b.lost.sweep();

    expect(finished).toBe(1);
    expect(again).toBe(0);
    expect((await b.store.get(lostRecord.id))?.status).toBe('failed');
    expect(await b.lost.settle(liveRecord)).toEqual(liveRecord);
    expect(audits(b.lines)).toHaveLength(1);
  });
  it('should finish at startup what an earlier process with the same replica id left running', async () => {
    const crashed = await replica('replica-same');
    const record = running();
    await crashed.store.heartbeat(); // killed within the TTL: its heartbeat is still there
    await crashed.store.save(record, FACTS);
    const other = await replica('replica-other');
    expect(await other.lost.settle(record)).toEqual(record);

    const restarted = await replica('replica-same');
    const finished = await restarted.lost.finishOrphaned();

    expect(finished).toBe(1);
    expect(await other.store.get(record.id)).toMatchObject({
      status: 'failed',
      error: { code: 'unavailable', message: 'invocation lost: replica replica-same stopped' },
    });
    expect(audits(restarted.lines)).toHaveLength(1);
  });
});
