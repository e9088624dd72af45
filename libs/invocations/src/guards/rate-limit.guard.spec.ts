import { loadAppConfig } from '#app/config';
import type { Session } from '#app/contracts';
import { AppException } from '#app/errors';
import { Clock, MemoryLimitCounters } from '#app/stores';
import type { InvocationContext } from '../invocation-context.js';
import { RateLimitGuard } from './rate-limit.guard.js';

class FixedClock extends Clock {
  // 15 s into a UTC minute: a denial asks to retry in the 45 s left.
  time = Date.parse('2030-01-01T00:00:15.000Z');
  now(): number {
    return this.time;
  }
}

function gateFor(sessionId: string, tenant = 'T', actor = 'A'): InvocationContext {
  const session = {
    id: sessionId,
    principal: { tenant_id: tenant, actor_id: actor, roles: [] },
  } as unknown as Session;
  return { session } as InvocationContext;
}

async function denialOf(promise: Promise<unknown>): Promise<AppException | null> {
  try {
    await promise;
    return null;
  } catch (error) {
    if (error instanceof AppException) {
      return error;
    }
    throw error;
  }
}

function guardWith(env: Record<string, string>, clock = new FixedClock()): RateLimitGuard {
  return new RateLimitGuard(loadAppConfig(env), new MemoryLimitCounters(), clock);
}

describe('RateLimitGuard (API.md 10.1)', () => {
  it('should pass everything when both limits are 0 (the default)', async () => {
    const guard = guardWith({});
    for (let i = 0; i < 50; i += 1) {
      await expect(guard.check(gateFor('s1'))).resolves.toBeUndefined();
    }
  });

  it('should deny the call over the per-session limit with 429 and the seconds left in the minute', async () => {
    const guard = guardWith({ WORKSPACE_RATE_LIMIT_PER_MINUTE: '2' });
    await guard.check(gateFor('s1'));
    await guard.check(gateFor('s1'));

    const denial = await denialOf(guard.check(gateFor('s1')));

    expect(denial?.code).toBe('rate_limited');
    expect(denial?.message).toBe('session invocation rate limit exceeded');
    expect(denial?.headers).toEqual({ 'Retry-After': '45' });
    // Another session has its own window.
    await expect(guard.check(gateFor('s2'))).resolves.toBeUndefined();
  });

  it('should open a new window in the next UTC minute', async () => {
    const clock = new FixedClock();
    const guard = guardWith({ WORKSPACE_RATE_LIMIT_PER_MINUTE: '1' }, clock);
    await guard.check(gateFor('s1'));
    clock.time += 45_000;

    await expect(guard.check(gateFor('s1'))).resolves.toBeUndefined();
  });

  it('should count one principal across its sessions, ignoring the case of its ids', async () => {
    const guard = guardWith({ WORKSPACE_RATE_LIMIT_PER_MINUTE_PER_PRINCIPAL: '2' });
    await guard.check(gateFor('s1', 'T', 'A'));
    await guard.check(gateFor('s2', 't', 'a'));

    const denial = await denialOf(guard.check(gateFor('s3', 'T', 'a')));

    expect(denial?.message).toBe('principal invocation rate limit exceeded');
    await expect(guard.check(gateFor('s4', 'T', 'B'))).resolves.toBeUndefined();
  });
});

describe('RateLimitGuard.explain (API.md 5.23)', () => {
  it('should skip both windows when both limits are 0', async () => {
    expect(await guardWith({}).explain(gateFor('s1'))).toEqual([
      {
        name: 'rate_limit.session',
        result: 'skip',
        detail: 'no limit (WORKSPACE_RATE_LIMIT_PER_MINUTE is 0)',
      },
      {
        name: 'rate_limit.principal',
        result: 'skip',
        detail: 'no limit (WORKSPACE_RATE_LIMIT_PER_MINUTE_PER_PRINCIPAL is 0)',
      },
    ]);
  });

  it("should report the counts without consuming, then fail with check's refusal once the window is full", async () => {
    const guard = guardWith({
      WORKSPACE_RATE_LIMIT_PER_MINUTE: '2',
      WORKSPACE_RATE_LIMIT_PER_MINUTE_PER_PRINCIPAL: '5',
    });
    await guard.check(gateFor('s1'));
    for (let explain = 0; explain < 10; explain++) {
      expect((await guard.explain(gateFor('s1')))[0]).toEqual({
        name: 'rate_limit.session',
        result: 'pass',
        detail: '1 of 2 calls in this minute',
      });
    }
    await expect(guard.check(gateFor('s1'))).resolves.toBeUndefined();

    const [session, principal] = await guard.explain(gateFor('s1', 't', 'a'));
    const denial = await denialOf(guard.check(gateFor('s1')));

    expect(session).toEqual({
      name: 'rate_limit.session',
      result: 'fail',
      detail:
        'session invocation rate limit exceeded: 2 of 2 calls in this minute, retry after 45 s',
      refusal: { code: 'rate_limited', message: denial?.message },
    });
    // The principal key is lowercased, as check counts it.
    expect(principal).toEqual({
      name: 'rate_limit.principal',
      result: 'pass',
      detail: '2 of 5 calls in this minute',
    });
  });

  it('should fail the principal window on its own message', async () => {
    const guard = guardWith({ WORKSPACE_RATE_LIMIT_PER_MINUTE_PER_PRINCIPAL: '1' });
    await guard.check(gateFor('s1'));

    const [, principal] = await guard.explain(gateFor('s2'));

    expect(principal).toMatchObject({
      result: 'fail',
      refusal: { code: 'rate_limited', message: 'principal invocation rate limit exceeded' },
    });
  });
});
