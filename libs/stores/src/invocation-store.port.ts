import type { Invocation } from '#app/contracts';

export interface CorrelationKey {
  sessionId: string;
  toolName: string;
  correlationId: string;
}

/**
 * Where invocation records live (API.md 9.2). Records are saved running, then final; both saves
 * reset the TTL. Unreachable backends throw `AppException('unavailable', …)`.
 */
export abstract class InvocationStore {
  abstract save(invocation: Invocation): Promise<void>;

  abstract get(id: string): Promise<Invocation | null>;

  abstract delete(id: string): Promise<void>;

  /**
   * Writes the correlation index entry only if absent. Returns `null` when this invocation now owns
   * the key, else the id of the invocation that already owns it.
   */
  abstract claimCorrelation(key: CorrelationKey, invocationId: string): Promise<string | null>;

  abstract findByCorrelation(key: CorrelationKey): Promise<string | null>;

  /** Sweeper hook: drops records older than the TTL (no-op where the backend expires keys itself). */
  abstract evictExpired(): Promise<number>;

  /** Readiness probe: `null` when healthy, else a short reason without credentials. */
  abstract check(): Promise<string | null>;
}
