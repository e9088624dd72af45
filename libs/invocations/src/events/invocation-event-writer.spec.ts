import type { Invocation, LogLine } from '#app/contracts';
import { JsonLogger } from '#app/observability';
import {
  type InvocationEvent,
  InvocationEvents,
  InvocationFinishedElsewhereError,
  MemoryInvocationEvents,
  MemoryInvocationStore,
  type NewInvocationEvent,
  SystemClock,
} from '#app/stores';
import { InvocationEventWriter } from './invocation-event-writer.js';

const line = (message: string): LogLine => ({
  at: '2030-01-01T00:00:00.000Z',
  channel: 'stdout',
  message,
});

const final = (logs: LogLine[] = []): Invocation => ({
  id: 'inv-1',
  session_id: 'session-1',
  tool_name: 'fixture.echo',
  status: 'succeeded',
  started_at: '2030-01-01T00:00:00.000Z',
  completed_at: '2030-01-01T00:00:01.000Z',
  duration_ms: 1000,
  trace_name: 't',
  span_name: 's',
  exit_code: 0,
  logs,
  artifacts: [],
});

/** Counts appends and can fail the next `failures` of them. */
class CountingEvents extends InvocationEvents {
  readonly inner = new MemoryInvocationEvents(new SystemClock(), 0);
  appends = 0;
  failures = 0;

  async append(id: string, events: readonly NewInvocationEvent[]): Promise<void> {
    this.appends += 1;
    if (this.failures > 0) {
      this.failures -= 1;
      throw new Error('valkey unavailable');
    }
    await this.inner.append(id, events);
  }

  read(id: string, afterId: string | null, limit?: number): Promise<InvocationEvent[]> {
    return this.inner.read(id, afterId, limit);
  }

  last(id: string): Promise<InvocationEvent | null> {
    return this.inner.last(id);
  }

  subscribe(id: string, listener: () => void): () => void {
    return this.inner.subscribe(id, listener);
  }
}

function harness(maxLogBytes = 10_000) {
  const events = new CountingEvents();
  const warnings: string[] = [];
  const logger = new JsonLogger('debug', (text) => warnings.push(String(JSON.parse(text).msg)));
  const writer = new InvocationEventWriter('inv-1', events, new SystemClock(), logger, {
    maxLogBytes,
    batchMs: 20,
  });
  const names = async (): Promise<string[]> =>
    (await events.read('inv-1', null)).map((event) => event.event);
  return { events, writer, warnings, names };
}

describe('InvocationEventWriter', () => {
  it('should append lines reported together in one batch, before done', async () => {
    const { events, writer, names } = harness();

    for (let index = 0; index < 20; index++) {
      writer.log(line(`line ${index}`));
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
    const batchedAppends = events.appends;
    await writer.done(final([line('from the record')]));

    expect(batchedAppends).toBe(1);
    expect(await names()).toEqual([...Array<string>(20).fill('log'), 'done']);
  });

  it('should append the record logs before done when the tool reported none live', async () => {
    const { events, writer } = harness();

    await writer.done(final([line('a'), line('b')]));

    const stream = await events.read('inv-1', null);
    expect(stream.map((event) => event.event)).toEqual(['log', 'log', 'done']);
    expect(stream[0]?.data).toEqual(line('a'));
  });

  it('should stop at the byte cap with one notice line', async () => {
    const { events, writer } = harness(300);

    for (let index = 0; index < 10; index++) {
      writer.log(line(`line ${index}`));
    }
    await writer.done(final());

    const stream = await events.read('inv-1', null);
    const logs = stream.filter((event) => event.event === 'log');
    expect(logs.length).toBeLessThan(10);
    expect(logs.at(-1)?.data).toMatchObject({
      channel: 'stderr',
      message: 'live log events truncated: more than 300 bytes',
    });
    expect(stream.at(-1)?.event).toBe('done');
  });

  it('should drop a failed log batch with a warning and retry done once', async () => {
    const { events, writer, warnings, names } = harness();
    events.failures = 1;
    writer.log(line('lost'));
    await new Promise((resolve) => setTimeout(resolve, 100));

    events.failures = 1;
    await writer.done(final());

    expect(warnings).toContain('invocation events append failed');
    expect(await names()).toEqual(['done']);
  });

  it('should never throw from done, even when both attempts fail', async () => {
    const { events, writer, warnings } = harness();
    events.failures = 2;

    await expect(writer.done(final())).resolves.toBeUndefined();
    expect(warnings).toContain('invocation events append failed');
  });

  it('should ignore lines reported after done (a handler outliving its deadline)', async () => {
    const { writer, names } = harness();
    await writer.done(final());

    writer.log(line('late'));
    await new Promise((resolve) => setTimeout(resolve, 60));

    expect(await names()).toEqual(['done']);
  });
  describe('saveWithDone', () => {
    it('should hand the status, record logs and done to the store with the terminal save', async () => {
      const { events, writer, names } = harness();
      const store = new MemoryInvocationStore(new SystemClock(), 0);
      writer.running({ ...final(), status: 'running' });

      await writer.saveWithDone(final([line('a')]), store);

      expect(events.appends).toBe(1);
      expect(await names()).toEqual(['status', 'log', 'done']);
      expect((await store.get('inv-1'))?.status).toBe('succeeded');
    });

    it('should append nothing when another replica ended the record first', async () => {
      const { events, writer } = harness();
      const store = new MemoryInvocationStore(new SystemClock(), 0);
      const elsewhere = new InvocationFinishedElsewhereError({ ...final(), status: 'failed' });
      store.saveTerminal = () => Promise.reject(elsewhere);

      await expect(writer.saveWithDone(final(), store)).rejects.toBe(elsewhere);

      expect(events.appends).toBe(0);
    });

    it('should still append done when the save fails otherwise, and rethrow', async () => {
      const { writer, names } = harness();
      const store = new MemoryInvocationStore(new SystemClock(), 0);
      const unavailable = new Error('store unavailable');
      store.saveTerminal = () => Promise.reject(unavailable);

      await expect(writer.saveWithDone(final(), store)).rejects.toBe(unavailable);

      expect(await names()).toEqual(['done']);
    });

    it('should retry the append once when the store saved but could not append', async () => {
      const { events, writer, names } = harness();
      const store = new MemoryInvocationStore(new SystemClock(), 0);
      events.failures = 1;

      await writer.saveWithDone(final(), store);

      expect(events.appends).toBe(2);
      expect(await names()).toEqual(['done']);
    });
  });
});
