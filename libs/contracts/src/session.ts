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
  /**
   * API.md 8.2: the last invocation start or end, renew or fork of this session (throttled: may lag
   * by a few seconds). Absent on records written before it existed: read as `created_at`.
   */
  last_activity_at?: string;
}

/** `last_activity_at`, or `created_at` for a record written before the field existed. */
export function lastActivityOf(session: Pick<Session, 'created_at' | 'last_activity_at'>): string {
  return session.last_activity_at ?? session.created_at;
}

/**
 * The later `last_activity_at` of two versions of one record, so no write moves it back (a renew
 * racing a touch). `undefined` when neither has the field (a record written before it existed).
 */
export function laterActivity(
  stored: Pick<Session, 'last_activity_at'>,
  next: Pick<Session, 'last_activity_at'>,
): string | undefined {
  const [a, b] = [stored.last_activity_at, next.last_activity_at];
  if (a === undefined || b === undefined) {
    return b ?? a;
  }
  return Date.parse(a) > Date.parse(b) ? a : b;
}
