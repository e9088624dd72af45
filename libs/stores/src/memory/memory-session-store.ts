import { laterActivity, lastActivityOf, type Session } from '#app/contracts';
import type { Clock } from '../clock.js';
import { frozenRecord } from './frozen-record.js';
import { SessionStore } from '../session-store.port.js';

/**
 * Sessions in process memory. Each stored record is a deeply frozen copy of what was written, so
 * reads (one per request) hand out the stored object itself: no caller can change the store
 * through it (a write to it throws), and every write stores a new frozen object.
 */
export class MemorySessionStore extends SessionStore {
  private readonly sessions = new Map<string, Session>();

  async check(): Promise<string | null> {
    return null;
  }

  constructor(private readonly clock: Clock) {
    super();
  }

  async claim(session: Session): Promise<boolean> {
    if (this.live(session.id)) {
      return false;
    }
    this.sessions.set(session.id, frozenRecord(session));
    return true;
  }

  async claimWithinLimit(session: Session, limit: number): Promise<'claimed' | 'exists' | 'limit'> {
    // No await between the count and the insert: atomic on the event loop.
    if (this.live(session.id)) {
      return 'exists';
    }
    if (
      limit > 0 &&
      this.countLive(session.principal.tenant_id, session.principal.actor_id) >= limit
    ) {
      return 'limit';
    }
    this.sessions.set(session.id, frozenRecord(session));
    return 'claimed';
  }

  async countByPrincipal(tenantId: string, actorId: string): Promise<number> {
    return this.countLive(tenantId, actorId);
  }

  private countLive(tenantId: string, actorId: string): number {
    const now = this.clock.now();
    let live = 0;
    for (const session of this.sessions.values()) {
      const { tenant_id, actor_id } = session.principal;
      if (tenant_id === tenantId && actor_id === actorId && Date.parse(session.expires_at) > now) {
        live += 1;
      }
    }
    return live;
  }

  async get(id: string): Promise<Session | null> {
    return this.sessions.get(id) ?? null;
  }

  async replace(session: Session): Promise<boolean> {
    const stored = this.live(session.id);
    if (!stored) {
      return false;
    }
    const lastActivity = laterActivity(stored, session);
    this.sessions.set(
      session.id,
      frozenRecord(
        lastActivity === undefined ? session : { ...session, last_activity_at: lastActivity },
      ),
    );
    return true;
  }

  async touch(id: string, at: string): Promise<boolean> {
    const stored = this.live(id);
    if (!stored) {
      return false;
    }
    if (Date.parse(at) > Date.parse(lastActivityOf(stored))) {
      // A new frozen record: readers may still hold the previous one (its nested parts are shared,
      // frozen too).
      this.sessions.set(id, Object.freeze({ ...stored, last_activity_at: at }));
    }
    return true;
  }

  async delete(id: string): Promise<boolean> {
    return this.sessions.delete(id);
  }

  async deleteIfIdle(id: string, cutoff: string): Promise<boolean> {
    const stored = this.sessions.get(id);
    if (!stored || Date.parse(lastActivityOf(stored)) > Date.parse(cutoff)) {
      return false;
    }
    return this.sessions.delete(id);
  }

  async listAll(): Promise<Session[]> {
    return [...this.sessions.values()];
  }

  async count(): Promise<number> {
    const now = this.clock.now();
    let live = 0;
    for (const session of this.sessions.values()) {
      if (Date.parse(session.expires_at) > now) {
        live += 1;
      }
    }
    return live;
  }

  // Expired records are not deleted here: the caller must close the workspace first (lazy expiry).
  private live(id: string): Session | undefined {
    const session = this.sessions.get(id);
    if (session && Date.parse(session.expires_at) <= this.clock.now()) {
      return undefined;
    }
    return session;
  }
}
