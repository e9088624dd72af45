import { Clock } from '../clock.js';
import { invocationFixture, sessionFixture } from '../testing/store-fixtures.js';
import { MemoryInvocationStore } from './memory-invocation-store.js';
import { MemoryLimitCounters } from './memory-limit-counters.js';
import { MemorySessionStore } from './memory-session-store.js';

class FakeClock extends Clock {
  time = Date.parse('2030-01-01T00:00:00.000Z');
  now(): number {
    return this.time;
  }
}

const key = { sessionId: 'session-a', toolName: 'fixture.echo', correlationId: 'c-1' };

describe('MemoryInvocationStore TTL (API.md 9.2)', () => {
  let clock: FakeClock;
  let store: MemoryInvocationStore;

  beforeEach(() => {
    clock = new FakeClock();
    store = new MemoryInvocationStore(clock, 60);
  });

  it('should evict a record on read once the TTL since its last save has passed', async () => {
    const record = invocationFixture();
    await store.save(record);

    clock.time += 59_999;
    expect(await store.get(record.id)).toEqual(record);
    clock.time += 1;
    expect(await store.get(record.id)).toBeNull();
  });

  it('should expire blobs with their record, the TTL counted from the terminal save', async () => {
    const record = invocationFixture();
    await store.save(record);
    clock.time += 50_000;
    await store.saveTerminal(
      { ...record, status: 'succeeded', output_ref: 'artifact-0000000000000001' },
      [{ id: 'artifact-0000000000000001', data: Buffer.from('{"a":1}') }],
    );
    clock.time += 50_000;

    expect(await store.getBlob(record.id, 'artifact-0000000000000001')).toEqual(
      Buffer.from('{"a":1}'),
    );
    clock.time += 10_000;
    expect(await store.getBlob(record.id, 'artifact-0000000000000001')).toBeNull();
    expect(await store.get(record.id)).toBeNull();
  });

  it('should restart the TTL on every save', async () => {
    const record = invocationFixture();
    await store.save(record);
    clock.time += 50_000;
    await store.save({ ...record, status: 'succeeded' });
    clock.time += 50_000;

    expect((await store.get(record.id))?.status).toBe('succeeded');
  });

  it('should evict expired records and their correlation entries in a sweep', async () => {
    const old = invocationFixture({ correlation_id: 'c-1' });
    await store.save(old);
    await store.claimCorrelation(key, old.id);
    clock.time += 30_000;
    const young = invocationFixture();
    await store.save(young);
    clock.time += 30_000;

    expect(await store.evictExpired()).toBe(1);
    expect(await store.findByCorrelation(key)).toBeNull();
    expect(await store.get(young.id)).not.toBeNull();
  });

  it('should let a new invocation claim a correlation whose owner was evicted', async () => {
    const owner = invocationFixture();
    await store.save(owner);
    expect(await store.claimCorrelation(key, owner.id)).toBeNull();
    clock.time += 60_000;

    const next = invocationFixture();
    await store.save(next);
    expect(await store.claimCorrelation(key, next.id)).toBeNull();
    expect(await store.findByCorrelation(key)).toBe(next.id);
  });

  it('should give an expired correlation to exactly one of two racing claims', async () => {
    const owner = invocationFixture();
    await store.save(owner);
    await store.claimCorrelation(key, owner.id);
    clock.time += 60_000;
    const a = invocationFixture();
    const b = invocationFixture();
    await store.save(a);
    await store.save(b);

    const results = await Promise.all([
      store.claimCorrelation(key, a.id),
      store.claimCorrelation(key, b.id),
    ]);

    expect(results.filter((result) => result === null)).toHaveLength(1);
    const winner = await store.findByCorrelation(key);
    expect(results).toContain(winner);
  });

  it('should keep records forever when the TTL is 0', async () => {
    const forever = new MemoryInvocationStore(clock, 0);
    const record = invocationFixture();
    await forever.save(record);
    clock.time += 10 * 365 * 86_400_000;

    expect(await forever.get(record.id)).toEqual(record);
    expect(await forever.evictExpired()).toBe(0);
  });

  it('should return copies so callers cannot change the stored record', async () => {
    const record = invocationFixture();
    await store.save(record);
    const read = await store.get(record.id);
    read!.logs.push({ at: 'x', channel: 'stdout', message: 'mutated' });
    record.status = 'failed';

    expect(await store.get(record.id)).toEqual(
      invocationFixture({ ...record, status: 'running', logs: [] }),
    );
  });
});

describe('MemorySessionStore expiry (API.md 9.1, 8.2)', () => {
  it('should still return an expired record so the service can close its workspace, but not count it', async () => {
    const clock = new FakeClock();
    const store = new MemorySessionStore(clock);
    const session = {
      ...sessionFixture('session-x'),
      expires_at: new Date(clock.time + 1000).toISOString(),
    };
    await store.claim(session);
    clock.time += 1000;

    expect(await store.get('session-x')).toEqual(session);
    expect(await store.count()).toBe(0);
  });

  it('should let a new claim take the id of an expired record but refuse a live one', async () => {
    const clock = new FakeClock();
    const store = new MemorySessionStore(clock);
    const first = {
      ...sessionFixture('session-x'),
      expires_at: new Date(clock.time + 1000).toISOString(),
    };
    await store.claim(first);

    expect(await store.claim({ ...first, metadata: { second: 'yes' } })).toBe(false);
    clock.time += 1000;
    expect(await store.claim({ ...first, metadata: { third: 'yes' } })).toBe(true);
    expect((await store.get('session-x'))?.metadata).toEqual({ third: 'yes' });
  });
});

describe('MemoryLimitCounters windows', () => {
  it('should start a new count in a new window and prune the old ones', async () => {
    const counters = new MemoryLimitCounters();
    expect(await counters.hitWindow('session', 'a', 1)).toBe(1);
    expect(await counters.hitWindow('session', 'a', 1)).toBe(2);
    expect(await counters.hitWindow('session', 'b', 1)).toBe(1);
    expect(await counters.hitWindow('session', 'a', 2)).toBe(1);
    expect(await counters.hitWindow('session', 'b', 2)).toBe(1);
  });

  it('should never let an extra release drive the in-flight count below zero', async () => {
    const counters = new MemoryLimitCounters();
    await counters.release('k');
    expect(await counters.acquire('k')).toBe(1);
  });
});
