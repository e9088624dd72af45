import { Injectable } from '@nestjs/common';
import { AppConfig } from '#app/config';
import { AppException } from '#app/errors';
import { Clock } from '#app/stores';
import type { GateContext, InvocationGuard } from '../invocation-guard.js';
import { LimitCounters } from '#app/stores';

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

  async check({ session }: GateContext): Promise<void> {
    const { ratePerMinute, ratePerMinutePerPrincipal } = this.config.limits;
    const nowSeconds = this.clock.now() / 1000;
    const minute = Math.floor(nowSeconds / 60);
    if (ratePerMinute > 0) {
      const count = await this.counters.hitWindow('session', session.id, minute);
      if (count > ratePerMinute) {
        throw this.denial('session invocation rate limit exceeded', nowSeconds);
      }
    }
    if (ratePerMinutePerPrincipal > 0) {
      const principal = `${session.principal.tenant_id.toLowerCase()}:${session.principal.actor_id.toLowerCase()}`;
      const count = await this.counters.hitWindow('principal', principal, minute);
      if (count > ratePerMinutePerPrincipal) {
        throw this.denial('principal invocation rate limit exceeded', nowSeconds);
      }
    }
  }

  private denial(message: string, nowSeconds: number): AppException {
    const retryAfter = Math.max(1, Math.ceil(60 - (nowSeconds % 60)));
    return new AppException('rate_limited', message, { headers: { 'Retry-After': String(retryAfter) } });
  }
}
