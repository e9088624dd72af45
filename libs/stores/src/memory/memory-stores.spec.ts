import { SystemClock } from '../clock.js';
import { invocationStoreContract } from '../testing/invocation-store.contract.js';
import { limitCountersContract } from '../testing/limit-counters.contract.js';
import { sessionStoreContract } from '../testing/session-store.contract.js';
import { sessionFixture } from '../testing/store-fixtures.js';
import { MemoryInvocationStore } from './memory-invocation-store.js';
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
});

describe('MemoryInvocationStore', () => {
  invocationStoreContract(async () => ({
    store: new MemoryInvocationStore(new SystemClock(), 3600),
    cleanup: noCleanup,
  }));
});

describe('MemoryLimitCounters', () => {
  limitCountersContract(async () => ({ store: new MemoryLimitCounters(), cleanup: noCleanup }));
});
