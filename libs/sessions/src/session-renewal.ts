import type { AppConfig } from '#app/config';
import { type Session, toTimestamp } from '#app/contracts';
import { AppException } from '#app/errors';
import type { Clock, SessionStore } from '#app/stores';
import type { SessionActivity } from './session-activity.js';

/** Session renewal (API.md 5.15) within the configured TTL and lifetime caps. */
export class SessionRenewal {
  constructor(
    private readonly config: AppConfig,
    private readonly store: SessionStore,
    private readonly clock: Clock,
    private readonly activity: SessionActivity,
  ) {}

  /**
   * API.md 5.15: `expires_at = now + ttl` (default: the TTL the session was created with). Refuses a
   * TTL above `WORKSPACE_MAX_SESSION_TTL_SECONDS` and a lifetime (`expires_at − created_at`) above
   * `WORKSPACE_MAX_SESSION_LIFETIME_SECONDS`; 404 when the session ended in the meantime.
   */
  async renew(session: Session, ttlSeconds?: number): Promise<Session> {
    const { maxSessionTtlSeconds, maxSessionLifetimeSeconds } = this.config.workspace;
    const ttl = ttlSeconds ?? originalTtlSeconds(session);
    if (ttl > maxSessionTtlSeconds) {
      throw new AppException(
        'invalid_argument',
        `ttl_seconds must be at most ${maxSessionTtlSeconds}`,
      );
    }
    const expiresAt = this.clock.now() + ttl * 1000;
    if (expiresAt - Date.parse(session.created_at) > maxSessionLifetimeSeconds * 1000) {
      throw new AppException(
        'invalid_argument',
        `session lifetime would exceed ${maxSessionLifetimeSeconds} s`,
      );
    }
    // A renew is activity (API.md 8.2); the store keeps a later stored `last_activity_at`.
    const now = this.clock.now();
    const renewed: Session = {
      ...session,
      expires_at: toTimestamp(expiresAt),
      last_activity_at: toTimestamp(now),
    };
    if (!(await this.store.replace(renewed))) {
      throw new AppException('not_found', 'session not found');
    }
    this.activity.noteWritten(session.id, now);
    return renewed;
  }
}

/** `ttl_seconds` as recorded at create; records written before it existed: their creation span. */
function originalTtlSeconds(session: Session): number {
  return (
    session.ttl_seconds ??
    Math.max(
      1,
      Math.round((Date.parse(session.expires_at) - Date.parse(session.created_at)) / 1000),
    )
  );
}
