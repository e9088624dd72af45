/**
 * Counters behind the rate-limit and concurrency guards (API.md 10). Memory when both stores are
 * memory; a Valkey implementation (issue #3) makes limits exact across replicas.
 */
export abstract class LimitCounters {
  /** Counts one hit in the fixed window `windowId` of `key` and returns the count so far. */
  abstract hitWindow(key: string, windowId: number): Promise<number>;

  /** Takes an in-flight slot and returns the number now in flight (including this one). */
  abstract acquire(key: string): Promise<number>;

  abstract release(key: string): Promise<void>;
}
