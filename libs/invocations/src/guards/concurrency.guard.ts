import { Injectable } from '@nestjs/common';
import { AppConfig } from '#app/config';
import { AppException } from '#app/errors';
import type { GateContext, InvocationGuard } from '../invocation-guard.js';
import { LimitCounters } from '#app/stores';

/** D4 (API.md 10.2): an in-flight slot per session, released when execution ends. */
@Injectable()
export class ConcurrencyGuard implements InvocationGuard {
  constructor(
    private readonly config: AppConfig,
    private readonly counters: LimitCounters,
  ) {}

  async check({ session }: GateContext): Promise<(() => Promise<void>) | void> {
    const limit = this.config.limits.maxConcurrencyPerSession;
    if (limit <= 0) {
      return;
    }
    if ((await this.counters.acquire(session.id)) > limit) {
      await this.counters.release(session.id);
      throw new AppException('rate_limited', 'session invocation concurrency limit exceeded', {
        headers: { 'Retry-After': '1' },
      });
    }
    return () => this.counters.release(session.id);
  }
}
