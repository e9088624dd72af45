import { compareEventIds, type InvocationEvents } from '../invocation-events.port.js';
import type { StoreUnderTest } from './session-store.contract.js';

const line = (message: string): { at: string; channel: string; message: string } => ({
  at: '2026-01-01T00:00:00.000Z',
  channel: 'stdout',
  message,
});

/** Waits for a listener call (deadline generous: notifications may cross a connection). */
function nextCall(subscribe: (listener: () => void) => () => void): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('no notification within 10 s')), 10_000);
    const unsubscribe = subscribe(() => {
      clearTimeout(timer);
      unsubscribe();
      resolve();
    });
  });
}

/** Behaviour every `InvocationEvents` adapter shares (docs/STORES.md, "Invocation events"). */
export function invocationEventsContract(
  create: () => Promise<StoreUnderTest<InvocationEvents>>,
): void {
  let subject: StoreUnderTest<InvocationEvents>;

  beforeEach(async () => {
    subject = await create();
  });

  afterEach(async () => {
    await subject.cleanup();
  });

  it('should read appended events in order with increasing ids', async () => {
    await subject.store.append('inv-a', [
      { event: 'status', data: { status: 'running' } },
      { event: 'log', data: line('one') },
    ]);
    await subject.store.append('inv-a', [{ event: 'log', data: line('two') }]);

    const events = await subject.store.read('inv-a', null);

    expect(events.map((event) => event.event)).toEqual(['status', 'log', 'log']);
    expect(events[2]?.data).toEqual(line('two'));
    for (let index = 1; index < events.length; index++) {
      expect(compareEventIds(events[index].id, events[index - 1].id)).toBeGreaterThan(0);
    }
  });

  it('should return only later events when read after an id', async () => {
    await subject.store.append('inv-a', [
      { event: 'log', data: line('one') },
      { event: 'log', data: line('two') },
      { event: 'done', data: { status: 'succeeded' } },
    ]);
    const [first] = await subject.store.read('inv-a', null);

    const later = await subject.store.read('inv-a', first.id);

    expect(later.map((event) => event.data)).toEqual([line('two'), { status: 'succeeded' }]);
    expect(await subject.store.read('inv-a', later[1].id)).toEqual([]);
  });

  it('should bound a read by its limit', async () => {
    await subject.store.append(
      'inv-a',
      ['1', '2', '3'].map((message) => ({ event: 'log' as const, data: line(message) })),
    );

    expect(await subject.store.read('inv-a', null, 2)).toHaveLength(2);
  });

  it('should give the newest event as last, and null for an unknown stream', async () => {
    await subject.store.append('inv-a', [
      { event: 'log', data: line('one') },
      { event: 'done', data: { status: 'succeeded' } },
    ]);
    const stored = await subject.store.read('inv-a', null);

    expect(await subject.store.last('inv-a')).toEqual(stored[1]);
    expect(await subject.store.last('inv-b')).toBeNull();
  });

  it('should keep invocations apart and read an unknown one as empty', async () => {
    await subject.store.append('inv-a', [{ event: 'log', data: line('a') }]);

    expect(await subject.store.read('inv-b', null)).toEqual([]);
  });

  it('should notify a subscriber of that invocation when events are appended', async () => {
    const notified = nextCall((listener) => subject.store.subscribe('inv-a', listener));
    // The Valkey adapter opens its subscriber connection on the first subscription.
    await new Promise((resolve) => setTimeout(resolve, 200));

    await subject.store.append('inv-a', [{ event: 'log', data: line('a') }]);

    await expect(notified).resolves.toBeUndefined();
  });

  it('should stop notifying once unsubscribed', async () => {
    let calls = 0;
    const unsubscribe = subject.store.subscribe('inv-a', () => {
      calls += 1;
    });
    unsubscribe();
    const witness = nextCall((listener) => subject.store.subscribe('inv-a', listener));
    await new Promise((resolve) => setTimeout(resolve, 200));

    await subject.store.append('inv-a', [{ event: 'log', data: line('a') }]);
    await witness;

    expect(calls).toBe(0);
  });
}
