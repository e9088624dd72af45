/** How long a published cancel stays findable: the longest tool deadline (600 s) and a margin. */
export const CANCEL_MEMORY_SECONDS = 660;

/** Called with the id of every invocation a caller cancelled, on every replica. */
export type CancelListener = (invocationId: string) => void;

/**
 * Carries a caller's cancel (API.md 5.18) to the replica running the invocation: in-process with
 * the memory invocation store, Valkey pub/sub on `<INVOCATION_STORE_KEY_PREFIX>:cancel` with the
 * Valkey store, one dedicated subscriber connection per replica (docs/STORES.md, "Cancels").
 * A published message reaches the replicas listening at that moment; a replica whose subscriber
 * was reconnecting finds the cancel later through {@link CancelBus.requested}, which the periodic
 * replica tick asks about everything it runs. A replica that is not listening refuses to send (the
 * route answers 503).
 */
export abstract class CancelBus {
  /**
   * Sends the cancel to every listening replica, this one included.
   * @throws AppException `unavailable` when it cannot be sent (Valkey unreachable).
   */
  abstract publish(invocationId: string): Promise<void>;

  /**
   * Of `invocationIds`, those a cancel was published for in the last {@link CANCEL_MEMORY_SECONDS}
   * (empty when delivery cannot be missed, as in-process).
   */
  abstract requested(invocationIds: readonly string[]): Promise<string[]>;

  /** Starts this replica's delivery; called once, at startup, before the service listens. */
  abstract listen(listener: CancelListener): Promise<void>;

  /** Whether this replica hears cancels right now (false while its subscriber is disconnected). */
  abstract get listening(): boolean;
}
