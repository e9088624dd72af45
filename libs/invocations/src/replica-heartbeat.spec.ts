import { JsonLogger } from '#app/observability';
import type { InvocationStore } from '#app/stores';
import type { InvocationCancellation } from './invocation-cancellation.js';
import type { LostInvocations } from './lost-invocations.js';
import { ReplicaHeartbeat } from './replica-heartbeat.js';

function harness(failing = false, cancelSweepFails = false) {
  const calls: string[] = [];
  const store = {
    heartbeat: async () => {
      calls.push('heartbeat');
      if (failing) {
        throw new Error('valkey down');
      }
    },
    retire: async () => void calls.push('retire'),
  } as unknown as InvocationStore;
  const lost = {
    sweep: async () => {
      calls.push('sweep');
      return 0;
    },
    finishOrphaned: async () => {
      calls.push('orphans');
      return 0;
    },
  } as unknown as LostInvocations;
  const cancellation = {
    sweep: async () => {
      calls.push('cancels');
      if (cancelSweepFails) {
        throw new Error('valkey down');
      }
    },
  } as unknown as InvocationCancellation;
  const logs: string[] = [];
  const logger = new JsonLogger('debug', (line) => logs.push(String(JSON.parse(line).msg)));
  return { heartbeat: new ReplicaHeartbeat(store, lost, cancellation, logger), calls, logs };
}

describe('ReplicaHeartbeat', () => {
  it('should finish orphans and beat before the service listens, and drop the heartbeat at shutdown', async () => {
    const { heartbeat, calls } = harness();

    await heartbeat.onApplicationBootstrap();
    await heartbeat.beforeApplicationShutdown();

    expect(calls).toEqual(['orphans', 'heartbeat', 'retire']);
  });

  it('should beat, sweep, then look for missed cancels on each tick', async () => {
    const { heartbeat, calls } = harness();

    await heartbeat.tick();

    expect(calls).toEqual(['heartbeat', 'sweep', 'cancels']);
  });

  it('should log and keep going when the cancel sweep fails', async () => {
    const { heartbeat, calls, logs } = harness(false, true);

    await heartbeat.tick();

    expect(calls).toEqual(['heartbeat', 'sweep', 'cancels']);
    expect(logs).toContain('cancel sweep failed');
  });

  it('should log and keep going when a beat fails', async () => {
    const { heartbeat, calls, logs } = harness(true);

    await heartbeat.onApplicationBootstrap();
    await heartbeat.tick();
    await heartbeat.beforeApplicationShutdown();

    expect(calls).toEqual(['orphans', 'heartbeat', 'heartbeat', 'sweep', 'cancels', 'retire']);
    expect(logs.filter((msg) => msg === 'heartbeat failed')).toHaveLength(2);
  });
});
