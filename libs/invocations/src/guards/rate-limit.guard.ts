import { Injectable } from '@nestjs/common';
import { AppConfig } from '#app/config';
import type { Session } from '#app/contracts';
import type { InvocationContext } from '../invocation-context.js';
import type { GateCheck, InvocationGuard } from '../invocation-guard.js';
import { Clock, LimitCounters } from '#app/stores';
import { counterCheck, RATE_LIMIT_DENIALS, rateLimited } from './rate-limit-denials.js';

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
      const count = await this.counters.hitWindow('principal', principalKey(session), minute);
      if (count > ratePerMinutePerPrincipal) {
        throw rateLimited(RATE_LIMIT_DENIALS.principalWindow, now);
      }
    }
  }

  /**
   * Both windows as they stand (API.md 5.23), peeked, never hit: the principal window is reported
   * even when the session window already refuses, so an orchestrator sees both waits.
   */
  async explain({ session }: InvocationContext): Promise<GateCheck[]> {
    const { ratePerMinute, ratePerMinutePerPrincipal } = this.config.limits;
    const now = this.clock.now();
    const minute = Math.floor(now / 1000 / 60);
    const sessionUsed =
      ratePerMinute > 0 ? await this.counters.peekWindow('session', session.id, minute) : null;
    const principalUsed =
      ratePerMinutePerPrincipal > 0
        ? await this.counters.peekWindow('principal', principalKey(session), minute)
        : null;
    return [
      counterCheck(
        'rate_limit.session',
        { value: ratePerMinute, variable: 'WORKSPACE_RATE_LIMIT_PER_MINUTE', unit: CALLS },
        sessionUsed,
        RATE_LIMIT_DENIALS.sessionWindow,
        now,
      ),
      counterCheck(
        'rate_limit.principal',
        {
          value: ratePerMinutePerPrincipal,
          variable: 'WORKSPACE_RATE_LIMIT_PER_MINUTE_PER_PRINCIPAL',
          unit: CALLS,
        },
        principalUsed,
        RATE_LIMIT_DENIALS.principalWindow,
        now,
      ),
    ];
  }
}

const CALLS = 'calls in this minute';

/** The principal window's id: lowercased `tenant:actor`, shared by all that principal's sessions. */
const principalKey = ({ principal }: Session): string =>
  `${principal.tenant_id.toLowerCase()}:${principal.actor_id.toLowerCase()}`;
