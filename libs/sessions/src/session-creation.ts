import type { AppConfig } from '#app/config';
import { type Principal, type Session, toTimestamp } from '#app/contracts';
import { AppException } from '#app/errors';
import type { ServiceMetrics } from '#app/observability';
import type { Clock, SessionStore } from '#app/stores';
import type { WorkspaceCreateRequest, WorkspaceManager } from '#app/workspace';
import type { CreateSessionCommand } from './create-session.request.js';
import { PrincipalSessionQuota } from './principal-session-quota.js';
import { checkRepoUrl, checkSourceRepoPath, type RepoSourcePolicy } from './repo-source.rules.js';
import type { SessionActivity } from './session-activity.js';
import { generateId } from './session-id.js';
import type { SessionLookup } from './session-lookup.js';
import type { SessionsOnThisReplica } from './sessions-on-this-replica.js';

/**
 * API.md 5.16: a source whose runtime is not the configured backend's (a record left from another
 * deployment) cannot be copied: neither backend reaches the other's workspaces.
 */
export function forkBackendMismatch(kind: string, backend: string): string {
  return `cannot fork a ${kind} session with the ${backend} workspace backend`;
}

/** What seeds a new workspace: a repository (create) or another session's workspace (fork). */
type WorkspaceSeed = Pick<
  WorkspaceCreateRequest,
  'sourceRepoPath' | 'repoUrl' | 'repoRef' | 'repoLocalPath' | 'forkSource'
>;

/** Session creation (API.md 5.6) and forks (5.16): workspace provisioning and the store claim. */
export class SessionCreation {
  private readonly quota: PrincipalSessionQuota;

  constructor(
    private readonly config: AppConfig,
    private readonly store: SessionStore,
    private readonly workspaces: WorkspaceManager,
    private readonly metrics: ServiceMetrics,
    private readonly clock: Clock,
    private readonly activity: SessionActivity,
    private readonly sessionLookup: SessionLookup,
    private readonly replica: SessionsOnThisReplica,
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
    seed: WorkspaceSeed,
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
      this.replica.servedHere.add(session.id);
      return session;
    } finally {
      this.replica.provisioning.delete(id);
      releaseSlot();
    }
  }

  private async reserve(id: string): Promise<void> {
    if (this.replica.provisioning.has(id)) {
      throw new AppException('conflict', 'session already exists');
    }
    this.replica.provisioning.add(id);
    // An expired holder of the id is cleaned up by the lookup and the id may be reused (API.md 8.1).
    const holder = await this.sessionLookup.lookup(id).catch((error: unknown) => {
      this.replica.provisioning.delete(id);
      throw error;
    });
    if (holder) {
      this.replica.provisioning.delete(id);
      throw new AppException('conflict', 'session already exists');
    }
  }
}
