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

  /** Removes the record, its correlation entry (when it still owns it) and its blobs. */
  abstract delete(id: string): Promise<void>;

  /**
   * Keeps a small blob with the record (`invocation-output.json` / `invocation-logs.jsonl` under
   * `WORKSPACE_INLINE_ARTIFACT_MAX_BYTES`, API.md 9.2): it lives as long as the record, every save
   * of the record resetting its TTL too, and goes with it. Writing the same `blobId` again replaces
   * the bytes.
   */
  abstract putBlob(invocationId: string, blobId: string, data: Buffer): Promise<void>;

  /** The bytes of one blob of that invocation, or `null` when it has none by that id (or expired). */
  abstract getBlob(invocationId: string, blobId: string): Promise<Buffer | null>;

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
