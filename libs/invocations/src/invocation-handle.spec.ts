import type { Invocation, Session } from '#app/contracts';
import { AppException } from '#app/errors';
import {
  type AuditEntry,
  AuditLog,
  type InvocationSpan,
  JsonLogger,
  ServiceMetrics,
} from '#app/observability';
import {
  type CorrelationKey,
  InvocationFinishedElsewhereError,
  MemoryInvocationEvents,
  MemoryInvocationStore,
} from '#app/stores';
import { InvocationEventWriter } from './events/invocation-event-writer.js';
import type { InvocationContext } from './invocation-context.js';
import { InvocationHandle } from './invocation-handle.js';
import { FakeClock } from './testing/pipeline.fixture.js';

/** The observers of E9, reduced to what the handle's contract is about: how often each one fired. */
function harness(correlationId = '') {
  const clock = new FakeClock();
  const store = new MemoryInvocationStore(clock, 0);
  const seen = { metrics: 0, audits: 0, ended: 0, discarded: 0, released: 0, logs: [] as string[] };
  const metrics = { invocationFinished: () => void seen.metrics++ } as unknown as ServiceMetrics;
  const audited: AuditEntry[] = [];
  const audit = {
    record: (entry: AuditEntry) => {
      seen.audits++;
      audited.push(entry);
    },
  } as unknown as AuditLog;
  const logger = new JsonLogger('debug', (line) => seen.logs.push(String(JSON.parse(line).msg)));
  const span: InvocationSpan = {
    end: () => void seen.ended++,
    discard: () => void seen.discarded++,
  };
  const session = { id: 'session-1' } as Session;
  const context = {
    invocationId: 'inv-1',
    toolName: 'fixture.echo',
    session,
    args: {},
    approved: false,
    correlationId,
  } as unknown as InvocationContext;
  const running: Invocation = {
    id: 'inv-1',
    session_id: session.id,
    tool_name: 'fixture.echo',
    status: 'running',
    started_at: '2030-01-01T00:00:15.000Z',
    duration_ms: 0,
    trace_name: 't',
    span_name: 's',
    exit_code: 0,
    logs: [],
    artifacts: [],
  };
  const events = new MemoryInvocationEvents(clock, 0);
  const writer = new InvocationEventWriter('inv-1', events, clock, logger, { maxLogBytes: 4096 });
  const handle = new InvocationHandle(
    context,
    running,
    span,
    { store, clock, metrics, audit, logger },
    writer,
    'digest-from-c1',
  );
  handle.hold(async () => void seen.released++);
  return { handle, store, seen, running, events, context, audited };
}

describe('InvocationHandle', () => {
  it('should append done with the terminal record after its save', async () => {
    const { handle, store, running, events } = harness();
    await store.save(running);

    const final = await handle.finish({ status: 'succeeded', record: { exit_code: 0 } });

    const stream = await events.read('inv-1', null);
    expect(stream.map((event) => event.event)).toEqual(['done']);
    expect(stream[0]?.data).toEqual(final);
  });

  it('should finish once: a second finish is a programming error and close adds nothing', async () => {
    const { handle, store, seen, running } = harness();
    await store.save(running);

    const final = await handle.finish({ status: 'succeeded', record: { exit_code: 0 } });
    await expect(handle.finish({ status: 'succeeded', record: {} })).rejects.toThrow(
      'already finished',
    );
    await handle.close();

    expect(final.status).toBe('succeeded');
    expect((await store.get('inv-1'))?.status).toBe('succeeded');
    expect(seen).toMatchObject({ metrics: 1, audits: 1, ended: 1, released: 1 });
  });

  it('should answer the record another replica finished, without an audit line, when its terminal save is refused', async () => {
    const { handle, store, seen, running } = harness();
    const lost: Invocation = {
      ...running,
      status: 'failed',
      error: {
        code: 'unavailable',
        message: 'invocation lost: replica r-1 stopped',
        retryable: true,
      },
    };
    store.saveTerminal = async () => {
      throw new InvocationFinishedElsewhereError(lost);
    };

    const finishing = handle.finish({ status: 'succeeded', record: { exit_code: 0 } });

    await expect(finishing).rejects.toMatchObject({
      code: 'unavailable',
      message: 'invocation lost: replica r-1 stopped',
      invocation: lost,
    });
    expect(seen.audits).toBe(0);
    expect(seen.logs).toContain('invocation was already finished by another replica');
  });

  describe('inline blobs (E4 bytes written by the E9 save)', () => {
    const output = { id: 'artifact-00000000000000a1', data: Buffer.from('{"ok":true}') };
    const outcome = {
      status: 'succeeded' as const,
      record: { output_ref: output.id },
      blobs: [output],
    };

    it('should write the blobs with the terminal record in one save', async () => {
      const { handle, store, running, seen } = harness();
      await store.save(running);

      await handle.finish(outcome);

      expect((await store.get('inv-1'))?.output_ref).toBe(output.id);
      expect(await store.getBlob('inv-1', output.id)).toEqual(output.data);
      expect(seen.audits).toBe(1);
    });

    it('should write no blob when the record was already ended elsewhere', async () => {
      const { handle, store, running, seen } = harness();
      await store.save(running);
      await store.save({ ...running, status: 'cancelled' });

      await expect(handle.finish(outcome)).rejects.toMatchObject({
        invocation: { status: 'cancelled' },
      });

      expect(await store.getBlob('inv-1', output.id)).toBeNull();
      expect(seen.audits).toBe(0);
    });

    it('should answer a failed save as before and keep no blob when the combined save fails', async () => {
      const { handle, store, running, seen } = harness();
      await store.save(running);
      store.saveTerminal = async () => {
        throw new AppException('unavailable', 'invocation store unavailable');
      };

      await expect(handle.finish(outcome)).rejects.toMatchObject({
        code: 'unavailable',
        message: 'invocation record could not be saved',
        invocation: { status: 'succeeded', output_ref: output.id },
      });

      expect(await store.getBlob('inv-1', output.id)).toBeNull();
      expect(seen).toMatchObject({ metrics: 1, audits: 0 });
    });
  });

  it('should finish a record nobody finished as failed when closed, and release its slots', async () => {
    const { handle, store, seen, running } = harness();
    await store.save(running);

    await handle.close();

    const stored = await store.get('inv-1');
    expect(stored?.status).toBe('failed');
    expect(stored?.error).toEqual({
      code: 'internal',
      message: 'invocation ended unexpectedly',
      retryable: false,
    });
    expect(seen).toMatchObject({ metrics: 1, audits: 1, ended: 1, released: 1 });
    expect(seen.logs).toContain('invocation ended without an outcome');
  });

  it('should delete the record and discard the span when a twin owns the correlation key', async () => {
    const { handle, store, seen, running } = harness('c-1');
    const key: CorrelationKey = {
      sessionId: 'session-1',
      toolName: 'fixture.echo',
      correlationId: 'c-1',
    };
    await store.save({ ...running, id: 'inv-twin' });
    await store.claimCorrelation(key, 'inv-twin');
    await store.save(running);

    expect(await handle.claimCorrelation()).toEqual({ status: 'lost', ownerId: 'inv-twin' });
    await handle.close();

    expect(await store.get('inv-1')).toBeNull();
    expect(seen).toMatchObject({ metrics: 0, audits: 0, ended: 0, discarded: 1, released: 1 });
  });

  it('should turn a failing claim into a failed outcome with a stable error', async () => {
    const { handle, store, running } = harness('c-1');
    await store.save(running);
    store.claimCorrelation = async () => {
      throw new Error('ECONNRESET 10.0.0.7:6379');
    };
    const unavailable = harness('c-2');
    unavailable.store.claimCorrelation = async () => {
      throw new AppException('unavailable', 'invocation store unavailable');
    };

    expect(await handle.claimCorrelation()).toEqual({
      status: 'failed',
      error: { code: 'internal', message: 'invocation store failed', retryable: false },
      record: {},
    });
    expect(await unavailable.handle.claimCorrelation()).toMatchObject({
      status: 'failed',
      error: { code: 'unavailable' },
    });
  });

  it('should own its claim without touching the store when the request has no correlation id', async () => {
    const { handle, store } = harness();
    store.claimCorrelation = async () => {
      throw new Error('must not be called');
    };

    expect(await handle.claimCorrelation()).toEqual({ status: 'owned' });
  });

  it('should audit with the args digest taken in C1 and the approval as it stands at the end', async () => {
    const { handle, store, running, context, audited } = harness();
    await store.save(running);
    // The approval gate approves after C1 (request mode, API.md 7.3).
    context.approved = true;

    await handle.finish({ status: 'succeeded', record: { exit_code: 0 } });

    expect(audited).toHaveLength(1);
    expect(audited[0]).toMatchObject({ approved: true, argsSha256: 'digest-from-c1', args: {} });
  });
});
