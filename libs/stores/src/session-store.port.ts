import type { Session } from '#app/contracts';

/**
 * Where session records live (API.md 9.1). `get` may return a record past its `expires_at`: the
 * session service closes such a session (workspace included) and reports it absent, which a store
 * alone could not do. Unreachable backends throw `AppException('unavailable', …)`.
 */
export abstract class SessionStore {
  /** Saves a new record only if no live record has that id (atomic set-if-absent; expired records yield). */
  abstract claim(session: Session): Promise<boolean>;

  /**
   * {@link claim}, unless the record's tenant+actor already holds `limit` live records
   * (`WORKSPACE_MAX_SESSIONS_PER_PRINCIPAL`; `0` = no limit). Atomic in every adapter, so replicas
   * racing on one principal cannot together exceed the limit.
   */
  abstract claimWithinLimit(
    session: Session,
    limit: number,
  ): Promise<'claimed' | 'exists' | 'limit'>;

  /** Live (unexpired) records of one tenant+actor, whichever replica created them. */
  abstract countByPrincipal(tenantId: string, actorId: string): Promise<number>;

  abstract get(id: string): Promise<Session | null>;

  /**
   * Overwrites a live record with `session` (same id, new `expires_at`): false, and nothing
   * written, when no live record has that id. Adapters with key TTLs move them to the new expiry.
   * `last_activity_at` never moves back: when the stored one is later (a touch that won a race)
   * it is kept.
   */
  abstract replace(session: Session): Promise<boolean>;

  /**
   * Moves `last_activity_at` of a live record forward to `at` (an earlier `at` changes nothing)
   * and changes nothing else: `expires_at` and any key TTL stay, so a touch racing a renew can
   * neither undo it nor be undone by it. False when no live record has that id.
   */
  abstract touch(id: string, at: string): Promise<boolean>;

  /** Removes the record; true when one existed. */
  abstract delete(id: string): Promise<boolean>;

  /**
   * Removes the record only while its last activity (`last_activity_at`, else `created_at`) is at
   * or before `cutoff`, atomically: an idle close (API.md 8.2) that races a touch or a renew
   * removes nothing. True when it removed the record.
   */
  abstract deleteIfIdle(id: string, cutoff: string): Promise<boolean>;

  /** Records this replica can enumerate (memory: all; Valkey: none needed, TTL expires them). */
  abstract listAll(): Promise<Session[]>;

  /** Live records, for the `workspace_sessions_active` gauge. */
  abstract count(): Promise<number>;

  /** Readiness probe: `null` when healthy, else a short reason without credentials. */
  abstract check(): Promise<string | null>;
}
