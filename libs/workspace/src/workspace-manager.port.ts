import type { Principal, SessionRuntime } from '#app/contracts';

export interface WorkspaceCreateRequest {
  sessionId: string;
  principal: Principal;
  metadata: Record<string, string>;
  /** Absolute, already allowlist-checked directory to copy (local backend only). */
  sourceRepoPath?: string;
  repoUrl?: string;
  repoRef?: string;
  /** Real path of an allowlisted local `repoUrl`: cloned from there, bound read-only (local backend). */
  repoLocalPath?: string;
  /**
   * Fork of a kubernetes session (kubernetes backend, API.md 5.16): the session whose pod's
   * workspace is streamed into the new pod once it is ready. Local forks use `sourceRepoPath`.
   */
  forkSource?: { id: string; runtime: SessionRuntime };
  /** Deadline of the clone (`WORKSPACE_CLONE_TIMEOUT_SECONDS`); the backend default when unset. */
  cloneTimeoutMs?: number;
  /** Aborts provisioning (shutdown); the manager removes whatever it created. */
  signal?: AbortSignal;
}

export type WorkspacePlacement = 'here' | 'elsewhere' | 'gone';

export interface ProvisionedWorkspace {
  workspacePath: string;
  runtime: SessionRuntime;
}

/**
 * Creates and destroys session workspaces (API.md 8.3/8.4). Provisioning failures throw
 * `AppException` (`internal` `source copy failed: …`, `execution_failed` `git clone failed: …`, `timeout`) after removing any
 * partial directory or pod.
 */
export abstract class WorkspaceManager {
  abstract readonly backend: 'local' | 'kubernetes';

  abstract create(request: WorkspaceCreateRequest): Promise<ProvisionedWorkspace>;

  /** Removes the workspace of a session; idempotent. */
  abstract destroy(session: {
    id: string;
    principal: Principal;
    runtime: SessionRuntime;
  }): Promise<void>;

  /** False when the workspace of a stored session has disappeared (closed on lookup). */
  abstract exists(session: {
    id: string;
    principal: Principal;
    runtime: SessionRuntime;
  }): Promise<boolean>;

  /**
   * Where the workspace of a stored session is, seen from this replica: `here` (served),
   * `elsewhere` (another replica's disk holds it: the session stays, this replica cannot serve it),
   * `gone` (it disappeared: the session is closed on lookup). Backends whose workspaces every replica
   * reaches (kubernetes) never answer `elsewhere`.
   */
  async locate(session: {
    id: string;
    principal: Principal;
    runtime: SessionRuntime;
  }): Promise<WorkspacePlacement> {
    return (await this.exists(session)) ? 'here' : 'gone';
  }

  /** Sweeper: removes leftovers whose id is not live (local: session roots older than 120 s). */
  abstract removeOrphans(isLive: (sessionId: string) => Promise<boolean>): Promise<number>;
}
