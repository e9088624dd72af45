import { lastActivityOf, type Session, toTimestamp } from '#app/contracts';
import type { JsonLogger, ServiceMetrics } from '#app/observability';
import type { Clock, SessionStore } from '#app/stores';
import type { WorkspaceManager } from '#app/workspace';
import type { InFlightInvocations } from './in-flight-invocations.js';
import type { SessionActivity } from './session-activity.js';
import type { SessionsOnThisReplica } from './sessions-on-this-replica.js';

/** Why a session ended without a DELETE (API.md 8.2); logged with its close. */
export type SessionEndReason = 'expired' | 'idle';

/** How sessions end: closed on request (API.md 5.8), or by themselves on expiry or idleness (8.2). */
export class SessionEnding {
  constructor(
    private readonly store: SessionStore,
    private readonly workspaces: WorkspaceManager,
    private readonly metrics: ServiceMetrics,
    private readonly inFlight: InFlightInvocations,
    private readonly clock: Clock,
    private readonly logger: JsonLogger,
    private readonly activity: SessionActivity,
    private readonly replica: SessionsOnThisReplica,
  ) {}

  /** Removes the record, cancels this replica's in-flight invocations, removes the workspace. */
  async close(session: Session): Promise<void> {
    await this.release(session, await this.store.delete(session.id));
  }

  async closeById(id: string): Promise<void> {
    const session = await this.store.get(id);
    if (session) {
      await this.close(session);
    }
  }

  /** `expired` past `expires_at`, `idle` past the idle timeout (API.md 8.2), else `null`. */
  endReason(session: Session): SessionEndReason | null {
    const now = this.clock.now();
    if (this.isExpired(session)) {
      return 'expired';
    }
    return this.activity.isIdle(session, now) ? 'idle' : null;
  }

  isExpired(session: Session): boolean {
    return Date.parse(session.expires_at) <= this.clock.now();
  }

  /**
   * {@link close} for a session that ended by itself, with the log line naming why. An idle close
   * removes the record only if no activity was recorded since it was judged (atomic in the store,
   * so a touch or renew from another replica wins): false, and nothing closed, when some was.
   */
  async closeEnded(session: Session, reason: SessionEndReason): Promise<boolean> {
    let existed: boolean;
    if (reason === 'idle') {
      const cutoff = toTimestamp(this.clock.now() - this.activity.idleTimeoutMs);
      existed = await this.store.deleteIfIdle(session.id, cutoff);
      if (!existed && (await this.store.get(session.id)) !== null) {
        return false;
      }
    } else {
      existed = await this.store.delete(session.id);
    }
    this.logger.write('info', 'session closed', {
      session_id: session.id,
      reason,
      tenant_id: session.principal.tenant_id,
      actor_id: session.principal.actor_id,
      ...(reason === 'idle' ? { last_activity_at: lastActivityOf(session) } : {}),
    });
    await this.release(session, existed);
    return true;
  }

  /** What a close does once the record is gone: `existed` when this call removed it. */
  private async release(session: Session, existed: boolean): Promise<void> {
    this.replica.servedHere.delete(session.id);
    this.activity.forget(session.id);
    this.inFlight.cancelSession(session.id);
    await this.workspaces.destroy(session);
    if (existed) {
      this.metrics.sessionClosed();
    }
  }
}
