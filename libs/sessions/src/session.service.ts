import { Injectable } from '@nestjs/common';
import { AppConfig } from '#app/config';
import type { Principal, Session } from '#app/contracts';
import { AppException } from '#app/errors';
import { JsonLogger, ServiceMetrics } from '#app/observability';
import { Clock, SessionStore } from '#app/stores';
import { WorkspaceManager } from '#app/workspace';
import type { CreateSessionCommand } from './create-session.request.js';
import { InFlightInvocations } from './in-flight-invocations.js';
import { SessionActivity } from './session-activity.js';
import { SessionCreation } from './session-creation.js';
import { SessionEnding, type SessionEndReason } from './session-ending.js';
import { SessionLookup, type PlacedSession } from './session-lookup.js';
import { SessionRenewal } from './session-renewal.js';
import { SessionSweepPass } from './session-sweep-pass.js';
import { SessionsOnThisReplica } from './sessions-on-this-replica.js';

export { forkBackendMismatch } from './session-creation.js';
export type { SessionEndReason } from './session-ending.js';
export type { PlacedSession } from './session-lookup.js';

/**
 * Session lifecycle: create (API.md 5.6), lookup with lazy expiry (8.2), close (5.8). One facade
 * over the collaborators that do each part; they share what this replica knows about its sessions.
 */
@Injectable()
export class SessionService {
  private readonly creation: SessionCreation;
  private readonly lookup: SessionLookup;
  private readonly renewal: SessionRenewal;
  private readonly ending: SessionEnding;
  private readonly sweepPass: SessionSweepPass;

  constructor(
    config: AppConfig,
    store: SessionStore,
    workspaces: WorkspaceManager,
    metrics: ServiceMetrics,
    // Kept as a field: specs reach this replica's in-flight invocations through the service.
    private readonly inFlight: InFlightInvocations,
    clock: Clock,
    logger: JsonLogger,
    activity: SessionActivity,
  ) {
    const replica = new SessionsOnThisReplica();
    this.ending = new SessionEnding(
      store,
      workspaces,
      metrics,
      this.inFlight,
      clock,
      logger,
      activity,
      replica,
    );
    this.lookup = new SessionLookup(store, workspaces, this.ending, replica);
    this.creation = new SessionCreation(
      config,
      store,
      workspaces,
      metrics,
      clock,
      activity,
      this.lookup,
      replica,
    );
    this.renewal = new SessionRenewal(config, store, clock, activity);
    this.sweepPass = new SessionSweepPass(
      store,
      workspaces,
      metrics,
      logger,
      activity,
      this.ending,
      replica,
    );
  }

  create(command: CreateSessionCommand): Promise<Session> {
    return this.creation.create(command);
  }

  /**
   * API.md 5.16: a new session of the source's principal whose workspace is a point-in-time copy
   * of the source's. The caller (the access guard) has checked the source is live, owned and on
   * this replica.
   * @throws AppException `invalid_argument` when the source's runtime is not this backend's
   */
  fork(source: Session, command: CreateSessionCommand): Promise<Session> {
    return this.creation.fork(source, command);
  }

  /**
   * The live session or `null`; an expired one, or one whose workspace disappeared, is closed on the
   * way (lazy expiry). A session whose workspace another replica holds is live: its record is
   * returned (invocation reads need only that), `findPlaced` says whether this replica can serve it.
   */
  async find(id: string): Promise<Session | null> {
    return (await this.findPlaced(id))?.session ?? null;
  }

  /** `find`, plus whether the workspace is on this replica (`false`: another replica's disk). */
  findPlaced(id: string): Promise<PlacedSession | null> {
    return this.lookup.findPlaced(id);
  }

  async require(id: string): Promise<Session> {
    const session = await this.find(id);
    if (!session) {
      throw new AppException('not_found', 'session not found');
    }
    return session;
  }

  /** API.md 5.15; see {@link SessionRenewal.renew}. */
  renew(session: Session, ttlSeconds?: number): Promise<Session> {
    return this.renewal.renew(session, ttlSeconds);
  }

  /** Removes the record, cancels this replica's in-flight invocations, removes the workspace. */
  close(session: Session): Promise<void> {
    return this.ending.close(session);
  }

  closeById(id: string): Promise<void> {
    return this.ending.closeById(id);
  }

  /**
   * Sweeper pass (API.md 8.2): expired and idle sessions (every record the store enumerates, and
   * those this replica serves), orphan directories, the active gauge.
   */
  sweep(): Promise<void> {
    return this.sweepPass.run();
  }

  /** `expired` past `expires_at`, `idle` past the idle timeout (API.md 8.2), else `null`. */
  endReason(session: Session): SessionEndReason | null {
    return this.ending.endReason(session);
  }

  /**
   * `close` for a session that ended by itself, with the log line naming why; false, and nothing
   * closed, when activity came in since it was judged idle (see {@link SessionEnding.closeEnded}).
   */
  closeEnded(session: Session, reason: SessionEndReason): Promise<boolean> {
    return this.ending.closeEnded(session, reason);
  }

  isOwnedBy(session: Session, principal: Pick<Principal, 'tenant_id' | 'actor_id'>): boolean {
    return (
      session.principal.tenant_id === principal.tenant_id &&
      session.principal.actor_id === principal.actor_id
    );
  }
}
