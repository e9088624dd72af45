import { Injectable } from '@nestjs/common';
import { AppConfig } from '#app/config';
import { lastActivityOf, type Principal, type Session, toTimestamp } from '#app/contracts';
import { AppException } from '#app/errors';
import { JsonLogger, ServiceMetrics } from '#app/observability';
import { Clock, SessionStore } from '#app/stores';
import { WorkspaceManager, type WorkspaceCreateRequest } from '#app/workspace';
import type { CreateSessionCommand } from './create-session.request.js';
import { InFlightInvocations } from './in-flight-invocations.js';
import { SessionActivity } from './session-activity.js';
import { checkRepoUrl, checkSourceRepoPath, type RepoSourcePolicy } from './repo-source.rules.js';
import { PrincipalSessionQuota } from './principal-session-quota.js';
import { generateId } from './session-id.js';

/**
 * API.md 5.16: a source whose runtime is not the configured backend's (a record left from another
 * deployment) cannot be copied: neither backend reaches the other's workspaces.
 */
export function forkBackendMismatch(kind: string, backend: string): string {
  return `cannot fork a ${kind} session with the ${backend} workspace backend`;
}

/** Why a session ended without a DELETE (API.md 8.2); logged with its close. */
export type SessionEndReason = 'expired' | 'idle';

export interface PlacedSession {
  session: Session;
  /** False when the workspace is on another replica's disk (local backend, own disks). */
  here: boolean;
}

/** Session lifecycle: create (API.md 5.6), lookup with lazy expiry (8.2), close (5.8). */
@Injectable()
export class SessionService {
  // Ids being provisioned on this replica: claimed before the workspace exists so two concurrent
  // creates of one id cannot both provision. The store claim at the end is the cross-replica guard.
  private readonly provisioning = new Set<string>();
  // Sessions whose workspace this replica created or served: what the sweeper checks for idleness
  // when the store cannot enumerate (Valkey, API.md 8.2). Lost on restart; lookups and the orphan
  // pass cover those.
  private readonly servedHere = new Set<string>();
  private readonly quota: PrincipalSessionQuota;

  constructor(
    private readonly config: AppConfig,
    private readonly store: SessionStore,
    private readonly workspaces: WorkspaceManager,
    private readonly metrics: ServiceMetrics,
    private readonly inFlight: InFlightInvocations,
    private readonly clock: Clock,
    private readonly logger: JsonLogger,
    private readonly activity: SessionActivity,
  ) {
    this.quota = new PrincipalSessionQuota(config.workspace.maxSessionsPerPrincipal, (principal) =>
      this.countLive(principal),
    );
  }

  /** Live (unexpired) sessions of one tenant+actor in the store, whichever replica created them. */
  private countLive(principal: Pick<Principal, 'tenant_id' | 'actor_id'>): Promise<number> {
    return this.store.countByPrincipal(principal.tenant_id, principal.actor_id);
  }

  async create(command: CreateSessionCommand): Promise<Session> {
    const started = this.clock.now();
    const policy: RepoSourcePolicy = {
      backend: this.config.workspace.backend,
      authMode: this.config.auth.mode,
      allowlist: this.config.workspace.sourceRepoAllowlist,
      protectedRoots: [this.config.workspace.root, this.config.workspace.artifactRoot],
    };
    const sourceRepoPath = command.sourceRepoPath
      ? await checkSourceRepoPath(command.sourceRepoPath, policy)
      : undefined;
    // Validated even when the copy wins: the URL is still recorded and echoed (API.md 5.6); its
    // host is resolved only when it will be cloned.
    const repoLocalPath = command.repoUrl
      ? await checkRepoUrl(command.repoUrl, policy, { resolveHost: !sourceRepoPath })
      : undefined;
    return this.open(
      command,
      {
        sourceRepoPath,
        repoUrl: sourceRepoPath ? undefined : command.repoUrl,
        repoRef: command.repoRef,
        ...(repoLocalPath !== undefined && !sourceRepoPath ? { repoLocalPath } : {}),
      },
      started,
    );
  }

  /**
   * API.md 5.16: a new session of the source's principal whose workspace is a point-in-time copy
   * of the source's, by the seeding copy rules (8.3 rule 1): locally the seeding copy of the source
   * directory (reflink where the filesystem offers one); in kubernetes a new pod seeded by
   * streaming the source pod's workspace (8.4). The caller (the access guard) has checked the
   * source is live, owned and on this replica.
   * @throws AppException `invalid_argument` when the source's runtime is not this backend's
   */
  async fork(source: Session, command: CreateSessionCommand): Promise<Session> {
    const backend = this.workspaces.backend;
    if (source.runtime.kind !== backend) {
      throw new AppException('invalid_argument', forkBackendMismatch(source.runtime.kind, backend));
    }
    const started = this.clock.now();
    // Activity of the source (API.md 8.2): it also keeps the source from going idle mid-copy.
    await this.activity.touch(source.id);
    const seed =
      backend === 'local'
        ? { sourceRepoPath: source.workspace_path }
        : { forkSource: { id: source.id, runtime: source.runtime } };
    return this.open(command, seed, started, source.id);
  }

  private async open(
    command: CreateSessionCommand,
    seed: Pick<
      WorkspaceCreateRequest,
      'sourceRepoPath' | 'repoUrl' | 'repoRef' | 'repoLocalPath' | 'forkSource'
    >,
    started: number,
    forkedFrom?: string,
  ): Promise<Session> {
    const id = command.sessionId ?? generateId('session');
    const releaseSlot = await this.quota.acquire(command.principal);
    try {
      await this.reserve(id);
    } catch (error) {
      releaseSlot();
      throw error;
    }
    try {
      const provisioned = await this.workspaces.create({
        sessionId: id,
        principal: command.principal,
        metadata: command.metadata,
        ...seed,
        cloneTimeoutMs: this.config.workspace.cloneTimeoutSeconds * 1000,
      });
      const createdAt = this.clock.now();
      const { maxSessionTtlSeconds, maxSessionLifetimeSeconds } = this.config.workspace;
      const ttl = Math.min(
        command.expiresInSeconds,
        maxSessionTtlSeconds,
        maxSessionLifetimeSeconds,
      );
      const session: Session = {
        id,
        workspace_path: provisioned.workspacePath,
        runtime: provisioned.runtime,
        ...(command.repoUrl ? { repo_url: command.repoUrl } : {}),
        ...(command.repoUrl && command.repoRef ? { repo_ref: command.repoRef } : {}),
        allowed_paths: command.allowedPaths,
        principal: command.principal,
        metadata: command.metadata,
        created_at: toTimestamp(createdAt),
        expires_at: toTimestamp(createdAt + ttl * 1000),
        ttl_seconds: ttl,
        ...(forkedFrom === undefined ? {} : { forked_from: forkedFrom }),
        last_activity_at: toTimestamp(createdAt),
      };
      // The store has the last word on the cap: replicas racing on one principal cannot overshoot.
      const limit = this.config.workspace.maxSessionsPerPrincipal;
      const claimed = await this.store
        .claimWithinLimit(session, limit)
        .catch(async (error: unknown) => {
          await this.workspaces.destroy(session);
          throw error;
        });
      if (claimed !== 'claimed') {
        await this.workspaces.destroy(session);
        throw claimed === 'exists'
          ? new AppException('conflict', 'session already exists')
          : PrincipalSessionQuota.exceeded(limit);
      }
      this.metrics.sessionCreated(provisioned.runtime.kind, this.clock.now() - started);
      this.servedHere.add(session.id);
      return session;
    } finally {
      this.provisioning.delete(id);
      releaseSlot();
    }
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
  async findPlaced(id: string): Promise<PlacedSession | null> {
    return this.provisioning.has(id) ? null : this.lookup(id);
  }

  private async lookup(id: string, retried = false): Promise<PlacedSession | null> {
    const session = await this.store.get(id);
    if (!session) {
      return null;
    }
    const ended = this.endReason(session);
    if (ended !== null) {
      // Not closed: activity came in since the read (idle only); the record read again decides.
      return (await this.closeEnded(session, ended)) || retried ? null : this.lookup(id, true);
    }
    const placement = await this.workspaces.locate(session);
    if (placement === 'gone') {
      await this.close(session);
      return null;
    }
    if (placement === 'here') {
      this.servedHere.add(session.id);
    }
    return { session, here: placement === 'here' };
  }

  async require(id: string): Promise<Session> {
    const session = await this.find(id);
    if (!session) {
      throw new AppException('not_found', 'session not found');
    }
    return session;
  }

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

  /** Removes the record, cancels this replica's in-flight invocations, removes the workspace. */
  async close(session: Session): Promise<void> {
    await this.release(session, await this.store.delete(session.id));
  }

  /** What a close does once the record is gone: `existed` when this call removed it. */
  private async release(session: Session, existed: boolean): Promise<void> {
    this.servedHere.delete(session.id);
    this.activity.forget(session.id);
    this.inFlight.cancelSession(session.id);
    await this.workspaces.destroy(session);
    if (existed) {
      this.metrics.sessionClosed();
    }
  }

  async closeById(id: string): Promise<void> {
    const session = await this.store.get(id);
    if (session) {
      await this.close(session);
    }
  }

  /**
   * Sweeper pass (API.md 8.2): expired and idle sessions (every record the store enumerates, and
   * those this replica serves), orphan directories, the active gauge.
   */
  async sweep(): Promise<void> {
    const records = await this.store.listAll();
    const listed = new Set(records.map((session) => session.id));
    for (const id of [...this.servedHere].filter((served) => !listed.has(served))) {
      const record = await this.store.get(id);
      if (record === null) {
        this.servedHere.delete(id);
        this.activity.forget(id);
      } else {
        records.push(record);
      }
    }
    for (const session of records) {
      const ended = this.endReason(session);
      if (ended !== null) {
        await this.closeEnded(session, ended).catch((error: unknown) =>
          this.logger.write('warn', 'session sweep: close failed', {
            session_id: session.id,
            error,
          }),
        );
      }
    }
    await this.workspaces.removeOrphans(async (sessionId) => {
      if (this.provisioning.has(sessionId)) {
        return true;
      }
      const record = await this.store.get(sessionId);
      if (record !== null && this.endReason(record) === 'idle') {
        // Valkey keeps the record until `expires_at`: close it as idle (record, invocations,
        // workspace), which the orphan removal alone would not. Closed, or live when activity
        // came in since the read: not for the orphan removal either way.
        await this.closeEnded(record, 'idle');
        return true;
      }
      return record !== null && !this.isExpired(record);
    });
    this.metrics.setActiveSessions(await this.store.count());
  }

  /** `expired` past `expires_at`, `idle` past the idle timeout (API.md 8.2), else `null`. */
  endReason(session: Session): SessionEndReason | null {
    const now = this.clock.now();
    if (this.isExpired(session)) {
      return 'expired';
    }
    return this.activity.isIdle(session, now) ? 'idle' : null;
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

  isOwnedBy(session: Session, principal: Pick<Principal, 'tenant_id' | 'actor_id'>): boolean {
    return (
      session.principal.tenant_id === principal.tenant_id &&
      session.principal.actor_id === principal.actor_id
    );
  }

  private async reserve(id: string): Promise<void> {
    if (this.provisioning.has(id)) {
      throw new AppException('conflict', 'session already exists');
    }
    this.provisioning.add(id);
    // An expired holder of the id is cleaned up by the lookup and the id may be reused (API.md 8.1).
    const holder = await this.lookup(id).catch((error: unknown) => {
      this.provisioning.delete(id);
      throw error;
    });
    if (holder) {
      this.provisioning.delete(id);
      throw new AppException('conflict', 'session already exists');
    }
  }

  private isExpired(session: Session): boolean {
    return Date.parse(session.expires_at) <= this.clock.now();
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
