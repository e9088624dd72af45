/** Whose fixed one-minute window a hit counts in (API.md 10.1). */
export type RateScope = 'session' | 'principal';

/**
 * Counters behind the rate-limit and concurrency guards (API.md 10). Memory when both stores are
 * memory; Valkey when either store is, so limits hold across replicas. Keys are structured (scope +
 * id) so each adapter lays them out itself: Valkey form-encodes the id into `workspace:limits:…`.
 */
export abstract class LimitCounters {
  /**
   * Counts one hit in the window `minute` (floor(Unix seconds / 60)) of `id` and returns the count
   * so far. `id` is the session id, or the lowercased `tenant:actor` for the principal scope.
   */
  abstract hitWindow(scope: RateScope, id: string, minute: number): Promise<number>;

  /**
   * The hits counted so far in that window (0 when none), without counting one: what the policy
   * explain of API.md 5.23 reads. The next `hitWindow` returns at least this plus one.
   */
  abstract peekWindow(scope: RateScope, id: string, minute: number): Promise<number>;

  /** Takes an in-flight slot of the session and returns the number now in flight (this one included). */
  abstract acquire(sessionId: string): Promise<number>;

  /** Gives a slot back; the count never goes below 0. */
  abstract release(sessionId: string): Promise<void>;

  /** The session's slots in flight now (0 when none), without taking one (API.md 5.23). */
  abstract peekInFlight(sessionId: string): Promise<number>;
}
