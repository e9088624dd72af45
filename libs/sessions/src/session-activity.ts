import {
  Injectable,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { AppConfig } from '#app/config';
import { lastActivityOf, type Session, toTimestamp } from '#app/contracts';
import { JsonLogger } from '#app/observability';
import { Clock, SessionStore } from '#app/stores';
import { InFlightInvocations } from './in-flight-invocations.js';

/** Throttle window when the idle timeout is off: `last_activity_at` is still kept, coarsely. */
const THROTTLE_WITHOUT_IDLE_MS = 60_000;
const MIN_THROTTLE_MS = 100;

/**
 * At most one store write per session per replica per this window: a tenth of the idle timeout
 * (so the recorded activity lags the real one by at most 10 % of it), at most 60 s.
 */
export function activityThrottleMs(idleTimeoutMs: number): number {
  if (idleTimeoutMs <= 0) {
    return THROTTLE_WITHOUT_IDLE_MS;
  }
  return Math.min(THROTTLE_WITHOUT_IDLE_MS, Math.max(MIN_THROTTLE_MS, idleTimeoutMs / 10));
}

/**
 * API.md 8.2: keeps `last_activity_at` and decides idleness (`WORKSPACE_SESSION_IDLE_TIMEOUT_SECONDS`).
 * Activity is an invocation starting or ending, a renew or a fork; reads (GET, tools list) are not,
 * so an agent that only polls cannot keep a session alive for ever. Touches are throttled per
 * session on this replica: a touch inside the window is remembered and written by the next tick, so
 * a burst of invocations costs one write per window and the last one is still recorded. Each tick
 * also touches every session with an invocation running here, so a long invocation keeps its
 * session from going idle on every replica (the others read the store), not only on this one.
 */
@Injectable()
export class SessionActivity implements OnApplicationBootstrap, OnApplicationShutdown {
  readonly idleTimeoutMs: number;
  readonly throttleMs: number;
  /** Session id → time of this replica's last write of its activity. */
  private readonly written = new Map<string, number>();
  /** Session id → time of a throttled touch not yet written. */
  private readonly pending = new Map<string, number>();
  private timer: NodeJS.Timeout | undefined;
  private ticking: Promise<void> | undefined;

  constructor(
    config: AppConfig,
    private readonly store: SessionStore,
    private readonly inFlight: InFlightInvocations,
    private readonly clock: Clock,
    private readonly logger: JsonLogger,
  ) {
    this.idleTimeoutMs = config.workspace.sessionIdleTimeoutSeconds * 1000;
    this.throttleMs = activityThrottleMs(this.idleTimeoutMs);
  }

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => {
      this.ticking ??= this.tick().finally(() => (this.ticking = undefined));
    }, this.throttleMs);
    this.timer.unref();
  }

  async onApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    await this.ticking;
  }

  /**
   * Records activity now: written at once unless this replica wrote this session's activity less
   * than {@link throttleMs} ago, then by the next tick. Never throws: a failed write is logged (the
   * session may then go idle up to one window early, never late).
   */
  async touch(sessionId: string): Promise<void> {
    const now = this.clock.now();
    const last = this.written.get(sessionId);
    if (last !== undefined && now - last < this.throttleMs) {
      this.pending.set(sessionId, now);
      return;
    }
    await this.write(sessionId, now);
  }

  /** Another path wrote `last_activity_at = at` (a renew): counts as this replica's write. */
  noteWritten(sessionId: string, at: number): void {
    this.written.set(sessionId, at);
    this.pending.delete(sessionId);
  }

  /** The session was closed: nothing more to write for it. */
  forget(sessionId: string): void {
    this.written.delete(sessionId);
    this.pending.delete(sessionId);
  }

  /**
   * True when the idle timeout is on, the session's last activity is at least that long ago, and
   * no invocation of it runs on this replica (one running elsewhere keeps it fresh by its ticks).
   */
  isIdle(session: Session, now: number): boolean {
    if (this.idleTimeoutMs <= 0 || this.inFlight.hasSession(session.id)) {
      return false;
    }
    return Date.parse(lastActivityOf(session)) + this.idleTimeoutMs <= now;
  }

  /** One tick: throttled touches and sessions with invocations running here. Public for tests. */
  async tick(): Promise<void> {
    const now = this.clock.now();
    for (const sessionId of this.inFlight.sessionIds()) {
      this.pending.set(sessionId, now);
    }
    const due = [...this.pending];
    this.pending.clear();
    for (const [sessionId, at] of due) {
      await this.write(sessionId, at);
    }
    for (const [sessionId, at] of this.written) {
      if (now - at >= this.throttleMs && !this.pending.has(sessionId)) {
        this.written.delete(sessionId);
      }
    }
  }

  private async write(sessionId: string, at: number): Promise<void> {
    this.written.set(sessionId, Math.max(at, this.written.get(sessionId) ?? 0));
    try {
      if (!(await this.store.touch(sessionId, toTimestamp(at)))) {
        this.forget(sessionId);
      }
    } catch (error) {
      this.logger.write('warn', 'session activity: touch failed', {
        session_id: sessionId,
        error,
      });
    }
  }
}
