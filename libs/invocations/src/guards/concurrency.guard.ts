import { Injectable } from '@nestjs/common';
import { AppConfig } from '#app/config';
import type { InvocationContext } from '../invocation-context.js';
import type { GateCheck, InvocationGuard } from '../invocation-guard.js';
import { Clock, LimitCounters } from '#app/stores';
import { counterCheck, RATE_LIMIT_DENIALS, rateLimited } from './rate-limit-denials.js';

/** D4 (API.md 10.2): an in-flight slot per session, released when execution ends. */
@Injectable()
export class ConcurrencyGuard implements InvocationGuard {
  constructor(
    private readonly config: AppConfig,
    private readonly counters: LimitCounters,
    private readonly clock: Clock,
  ) {}

  async check({ session }: InvocationContext): Promise<(() => Promise<void>) | void> {
    const limit = this.config.limits.maxConcurrencyPerSession;
    if (limit <= 0) {
      return;
    }
    if ((await this.counters.acquire(session.id)) > limit) {
      await this.counters.release(session.id);
      throw rateLimited(RATE_LIMIT_DENIALS.sessionConcurrency, this.clock.now());
    }
    return () => this.counters.release(session.id);
  }

  /** The slots in flight now against the limit (API.md 5.23), peeked, never taken. */
  async explain({ session }: InvocationContext): Promise<GateCheck[]> {
    const limit = this.config.limits.maxConcurrencyPerSession;
    const inFlight = limit > 0 ? await this.counters.peekInFlight(session.id) : null;
    return [
      counterCheck(
        'concurrency',
        { value: limit, variable: 'WORKSPACE_MAX_CONCURRENCY_PER_SESSION', unit: 'slots in use' },
        inFlight,
        RATE_LIMIT_DENIALS.sessionConcurrency,
        this.clock.now(),
      ),
    ];
  }
}
