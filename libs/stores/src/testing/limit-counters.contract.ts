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
}
