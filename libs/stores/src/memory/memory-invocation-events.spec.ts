import type { Clock } from '../clock.js';
import { SystemClock } from '../clock.js';
import { invocationEventsContract } from '../testing/invocation-events.contract.js';
import { MemoryInvocationEvents } from './memory-invocation-events.js';

describe('MemoryInvocationEvents', () => {
  invocationEventsContract(async () => ({
    store: new MemoryInvocationEvents(new SystemClock(), 3600),
    cleanup: async () => undefined,
  }));

  it('should forget a stream ttlSeconds after its last append', async () => {
    let now = 1_000_000;
    const clock: Clock = { now: () => now };
    const events = new MemoryInvocationEvents(clock, 60);
    await events.append('inv-a', [{ event: 'log', data: 'x' }]);

    now += 61_000;
    await events.append('inv-b', [{ event: 'log', data: 'y' }]);

    expect(await events.read('inv-a', null)).toEqual([]);
    expect(await events.read('inv-b', null)).toHaveLength(1);
  });

  it('should leave no listener behind when every subscriber unsubscribed', () => {
    const events = new MemoryInvocationEvents(new SystemClock(), 0);
    const first = events.subscribe('inv-a', () => undefined);
    const second = events.subscribe('inv-a', () => undefined);

    first();
    second();
    second();

    expect(events.listenerCount).toBe(0);
  });
});
