import { loadAppConfig } from '#app/config';
import type { Session } from '#app/contracts';
import { AppException } from '#app/errors';
import { MemoryLimitCounters, SystemClock } from '#app/stores';
import type { InvocationContext } from '../invocation-context.js';
import { ConcurrencyGuard } from './concurrency.guard.js';

const gate = { session: { id: 's1' } as Session } as InvocationContext;

describe('ConcurrencyGuard (API.md 10.2)', () => {
  it('should take no slot when the limit is 0 (the default)', async () => {
    const guard = new ConcurrencyGuard(
      loadAppConfig({}),
      new MemoryLimitCounters(),
      new SystemClock(),
    );
    await expect(guard.check(gate)).resolves.toBeUndefined();
  });

  it('should deny the call over the limit with 429 and free the slot it took', async () => {
    const counters = new MemoryLimitCounters();
    const guard = new ConcurrencyGuard(
      loadAppConfig({ WORKSPACE_MAX_CONCURRENCY_PER_SESSION: '1' }),
      counters,
      new SystemClock(),
    );
    const release = await guard.check(gate);

    await expect(guard.check(gate)).rejects.toEqual(
      new AppException('rate_limited', 'session invocation concurrency limit exceeded'),
    );
    await expect(guard.check(gate).catch((error: AppException) => error.headers)).resolves.toEqual({
      'Retry-After': '1',
    });
    // Only the admitted call holds a slot.
    await expect(counters.acquire('s1')).resolves.toBe(2);
    await counters.release('s1');

    expect(release).toBeInstanceOf(Function);
    await (release as () => Promise<void>)();
    await expect(guard.check(gate)).resolves.toBeInstanceOf(Function);
  });
});

describe('ConcurrencyGuard.explain (API.md 5.23)', () => {
  it('should skip when the limit is 0', async () => {
    const guard = new ConcurrencyGuard(
      loadAppConfig({}),
      new MemoryLimitCounters(),
      new SystemClock(),
    );
    expect(await guard.explain(gate)).toEqual([
      {
        name: 'concurrency',
        result: 'skip',
        detail: 'no limit (WORKSPACE_MAX_CONCURRENCY_PER_SESSION is 0)',
      },
    ]);
  });

  it("should report the slots in use without taking one, and fail with check's refusal when full", async () => {
    const counters = new MemoryLimitCounters();
    const guard = new ConcurrencyGuard(
      loadAppConfig({ WORKSPACE_MAX_CONCURRENCY_PER_SESSION: '2' }),
      counters,
      new SystemClock(),
    );
    await guard.check(gate);
    for (let explain = 0; explain < 5; explain++) {
      expect(await guard.explain(gate)).toEqual([
        { name: 'concurrency', result: 'pass', detail: '1 of 2 slots in use' },
      ]);
    }
    await guard.check(gate);

    expect(await guard.explain(gate)).toEqual([
      {
        name: 'concurrency',
        result: 'fail',
        detail:
          'session invocation concurrency limit exceeded: 2 of 2 slots in use, retry after 1 s',
        refusal: { code: 'rate_limited', message: 'session invocation concurrency limit exceeded' },
      },
    ]);
    expect(await counters.peekInFlight('s1')).toBe(2);
  });
});
