import { Injectable } from '@nestjs/common';
import { AppConfig } from '#app/config';
import type { InvocationContext } from '../invocation-context.js';
import type { InvocationGuard } from '../invocation-guard.js';
import { Clock, LimitCounters } from '#app/stores';
import { RATE_LIMIT_DENIALS, rateLimited } from './rate-limit-denials.js';

/**
 * D1 (API.md 10.1): fixed UTC-minute windows, per session then per principal. The session slot is
 * consumed even when a later gate denies; the principal window is untouched when the session one
 * already denied.
 */
@Injectable()
export class RateLimitGuard implements InvocationGuard {
  constructor(
    private readonly config: AppConfig,
    private readonly counters: LimitCounters,
    private readonly clock: Clock,
  ) {}

  async check({ session }: InvocationContext): Promise<void> {
    const { ratePerMinute, ratePerMinutePerPrincipal } = this.config.limits;
    const now = this.clock.now();
    const minute = Math.floor(now / 1000 / 60);
    if (ratePerMinute > 0) {
      const count = await this.counters.hitWindow('session', session.id, minute);
      if (count > ratePerMinute) {
        throw rateLimited(RATE_LIMIT_DENIALS.sessionWindow, now);
      }
    }
    if (ratePerMinutePerPrincipal > 0) {
      const principal = `${session.principal.tenant_id.toLowerCase()}:${session.principal.actor_id.toLowerCase()}`;
      const count = await this.counters.hitWindow('principal', principal, minute);
      if (count > ratePerMinutePerPrincipal) {
        throw rateLimited(RATE_LIMIT_DENIALS.principalWindow, now);
      }
    }
  }
}
