import { SystemClock } from '../clock.js';
import { invocationStoreContract } from '../testing/invocation-store.contract.js';
import { cancelBusContract } from '../testing/cancel-bus.contract.js';
import { limitCountersContract } from '../testing/limit-counters.contract.js';
import { sessionStoreContract } from '../testing/session-store.contract.js';
import { invocationFixture, sessionFixture } from '../testing/store-fixtures.js';
import { MemoryInvocationStore } from './memory-invocation-store.js';
import { MemoryCancelBus } from './memory-cancel-bus.js';
import { MemoryLimitCounters } from './memory-limit-counters.js';
import { MemorySessionStore } from './memory-session-store.js';

const noCleanup = async (): Promise<void> => undefined;

describe('MemorySessionStore', () => {
  sessionStoreContract(async () => ({
    store: new MemorySessionStore(new SystemClock()),
    cleanup: noCleanup,
  }));

  it('should enumerate every record when the sweeper lists them', async () => {
    const store = new MemorySessionStore(new SystemClock());
    await store.claim(sessionFixture('session-a'));
    await store.claim(sessionFixture('session-b'));

    expect((await store.listAll()).map((session) => session.id).sort()).toEqual([
      'session-a',
      'session-b',
    ]);
  });

  // Reads hand out the stored object (no copy per request): it must be read-only all the way down.
  it('should refuse a change made through a read record and keep the stored one', async () => {
    const store = new MemorySessionStore(new SystemClock());
    const written = sessionFixture('session-a');
    await store.claim(written);
    const read = (await store.get('session-a'))!;

    expect(() => {
      read.expires_at = new Date(0).toISOString();
    }).toThrow(TypeError);
    expect(() => read.allowed_paths.push('/etc')).toThrow(TypeError);
    expect(() => {
      read.principal.tenant_id = 'other';
    }).toThrow(TypeError);
    expect(() => {
      read.metadata['k'] = 'v';
    }).toThrow(TypeError);
    expect((await store.listAll())[0]).toEqual(written);
    expect(await store.get('session-a')).toEqual(written);
  });

  it('should not freeze or keep the objects a caller wrote', async () => {
    const store = new MemorySessionStore(new SystemClock());
    const written = sessionFixture('session-a');
    const snapshot = structuredClone(written);
    await store.claim(written);
    written.allowed_paths.push('/etc');
    written.principal.tenant_id = 'other';

    expect(Object.isFrozen(written.principal)).toBe(false);
    expect(await store.get('session-a')).toEqual(snapshot);
  });

  it('should leave a record read before a touch as it was', async () => {
    const store = new MemorySessionStore(new SystemClock());
    const session = sessionFixture('session-a');
    await store.claim(session);
    const before = (await store.get('session-a'))!;
    const later = new Date(Date.parse(session.created_at) + 5000).toISOString();

    expect(await store.touch('session-a', later)).toBe(true);

    expect(before.last_activity_at).toBe(session.last_activity_at);
    const after = (await store.get('session-a'))!;
    expect(after.last_activity_at).toBe(later);
    expect(Object.isFrozen(after)).toBe(true);
    expect(() => {
      after.last_activity_at = session.created_at;
    }).toThrow(TypeError);
  });
});

describe('MemoryInvocationStore', () => {
  invocationStoreContract(async () => ({
    store: new MemoryInvocationStore(new SystemClock(), 3600),
    cleanup: noCleanup,
  }));

  // One process holds every record it runs: nothing is ever lost to another replica.
  it('should never report a lost record and replace a running record only once', async () => {
    const store = new MemoryInvocationStore(new SystemClock(), 3600);
    const running = invocationFixture();
    await store.save(running);
    await store.heartbeat();
    const lost = { record: running, replicaId: 'elsewhere', facts: null };
    const final = { ...running, status: 'failed' as const, completed_at: new Date().toISOString() };

    expect(await store.findLost(running.id)).toBeNull();
    expect(await store.listLost()).toEqual([]);
    const results = await Promise.all([
      store.finishLost(lost, final),
      store.finishLost(lost, final),
    ]);
    await store.retire();

    expect(results.filter(Boolean)).toHaveLength(1);
    expect(await store.get(running.id)).toEqual(final);
  });
});

describe('MemoryLimitCounters', () => {
  limitCountersContract(async () => ({ store: new MemoryLimitCounters(), cleanup: noCleanup }));
});

describe('MemoryCancelBus', () => {
  cancelBusContract(async () => {
    const bus = new MemoryCancelBus();
    return { sender: bus, receiver: bus, cleanup: noCleanup };
  });

  it('should be listening always: nothing can disconnect it', () => {
    expect(new MemoryCancelBus().listening).toBe(true);
  });
});
