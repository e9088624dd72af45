export type RuntimeKind = 'local' | 'kubernetes';

export interface Principal {
  tenant_id: string;
  actor_id: string;
  roles: string[];
}

/** API.md 2.2 */
export interface SessionRuntime {
  kind: RuntimeKind;
  namespace?: string;
  pod_name?: string;
  container?: string;
  workdir: string;
  /** Local only: the id of the `WORKSPACE_ROOT` that holds the workspace (which replica serves it). */
  workspace_root_id?: string;
}

/** API.md 2.1 — also the exact record kept by the session stores. */
export interface Session {
  id: string;
  workspace_path: string;
  runtime: SessionRuntime;
  repo_url?: string;
  repo_ref?: string;
  allowed_paths: string[];
  principal: Principal;
  metadata: Record<string, string>;
  created_at: string;
  expires_at: string;
  /** The TTL the session was created with; the default of a renew (API.md 5.15). */
  ttl_seconds?: number;
  /** API.md 5.16: id of the session this one was forked from. */
  forked_from?: string;
}
