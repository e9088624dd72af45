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
