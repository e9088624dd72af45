import type { LimitCounters } from '../limit-counters.port.js';
import type { StoreUnderTest } from './session-store.contract.js';

/** Behaviour every `LimitCounters` adapter shares (API.md 10); `create` gives fresh counters. */
export function limitCountersContract(create: () => Promise<StoreUnderTest<LimitCounters>>): void {
  let subject: StoreUnderTest<LimitCounters>;
  const minute = Math.floor(Date.now() / 60_000);

  beforeEach(async () => {
    subject = await create();
  });

  afterEach(async () => {
    await subject.cleanup();
  });

  it('should count hits in order when they fall in one window', async () => {
    const counts = [];
    for (let hit = 0; hit < 3; hit++) {
      counts.push(await subject.store.hitWindow('session', 'session-a', minute));
    }

    expect(counts).toEqual([1, 2, 3]);
  });

  it('should start again at 1 when the next minute begins', async () => {
    await subject.store.hitWindow('session', 'session-a', minute);
    await subject.store.hitWindow('session', 'session-a', minute);

    expect(await subject.store.hitWindow('session', 'session-a', minute + 1)).toBe(1);
  });

  it('should keep scopes and ids apart when counting', async () => {
    await subject.store.hitWindow('session', 'acme:alice', minute);
    await subject.store.hitWindow('session', 'acme:alice', minute);

    expect(await subject.store.hitWindow('principal', 'acme:alice', minute)).toBe(1);
    expect(await subject.store.hitWindow('session', 'acme:bob', minute)).toBe(1);
  });

  it('should count concurrent hits exactly when they race', async () => {
    const counts = await Promise.all(
      Array.from({ length: 20 }, () => subject.store.hitWindow('principal', 'acme:alice', minute)),
    );

    expect([...counts].sort((a, b) => a - b)).toEqual(
      Array.from({ length: 20 }, (_, index) => index + 1),
    );
  });

  it('should report the slots in flight when acquiring and releasing', async () => {
    expect(await subject.store.acquire('session-a')).toBe(1);
    expect(await subject.store.acquire('session-a')).toBe(2);
    expect(await subject.store.acquire('session-b')).toBe(1);

    await subject.store.release('session-a');

    expect(await subject.store.acquire('session-a')).toBe(2);
  });

  it('should never go below zero when released more often than acquired', async () => {
    await subject.store.acquire('session-a');
    await subject.store.release('session-a');
    await subject.store.release('session-a');
    await subject.store.release('session-never-acquired');

    expect(await subject.store.acquire('session-a')).toBe(1);
    expect(await subject.store.acquire('session-never-acquired')).toBe(1);
  });

  it('should peek a window without counting a hit when asked for the count so far', async () => {
    expect(await subject.store.peekWindow('session', 'session-a', minute)).toBe(0);
    await subject.store.hitWindow('session', 'session-a', minute);
    await subject.store.hitWindow('session', 'session-a', minute);
    for (let peek = 0; peek < 5; peek++) {
      expect(await subject.store.peekWindow('session', 'session-a', minute)).toBe(2);
    }

    expect(await subject.store.hitWindow('session', 'session-a', minute)).toBe(3);
  });

  it('should peek only the asked window, scope and id', async () => {
    await subject.store.hitWindow('session', 'acme:alice', minute);

    expect(await subject.store.peekWindow('session', 'acme:alice', minute + 1)).toBe(0);
    expect(await subject.store.peekWindow('principal', 'acme:alice', minute)).toBe(0);
    expect(await subject.store.peekWindow('session', 'acme:bob', minute)).toBe(0);
    // Peeking an empty window creates nothing: the first hit still counts 1.
    expect(await subject.store.hitWindow('principal', 'acme:alice', minute)).toBe(1);
  });

  it('should peek the slots in flight without taking one', async () => {
    expect(await subject.store.peekInFlight('session-a')).toBe(0);
    await subject.store.acquire('session-a');
    await subject.store.acquire('session-a');
    for (let peek = 0; peek < 5; peek++) {
      expect(await subject.store.peekInFlight('session-a')).toBe(2);
    }
    await subject.store.release('session-a');

    expect(await subject.store.peekInFlight('session-a')).toBe(1);
    expect(await subject.store.peekInFlight('session-b')).toBe(0);
    expect(await subject.store.acquire('session-a')).toBe(2);
  });
}
