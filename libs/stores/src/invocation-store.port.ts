import type { Invocation, Principal } from '#app/contracts';
import type { InvocationEvents, NewInvocationEvent } from './invocation-events.port.js';

export interface CorrelationKey {
  sessionId: string;
  toolName: string;
  correlationId: string;
}

/**
 * Server-internal facts kept with a running record, so that another replica that finishes it as
 * lost can write its audit line (API.md 11.3) without the request that started it.
 */
export interface RunningFacts {
  approved: boolean;
  argsSha256: string;
  principal: Principal;
  metadata: Record<string, string>;
  /** API.md 11.3 `approved_via`, when the approval came from an MCP elicitation. */
  approvedVia?: 'mcp_elicitation';
}

/** A running record whose replica stopped heartbeating (docs/STORES.md, "Lost invocations"). */
export interface LostInvocation {
  record: Invocation;
  replicaId: string;
  facts: RunningFacts | null;
}

/**
 * Thrown by `save` of a terminal record when the stored record is already terminal: another
 * replica finished it as lost while this one was cut off. `record` is what the store keeps.
 */
export class InvocationFinishedElsewhereError extends Error {
  constructor(readonly record: Invocation) {
    super(`invocation ${record.id} was already finished`);
    this.name = 'InvocationFinishedElsewhereError';
  }
}

/**
 * A small blob kept with a terminal record (`invocation-output.json` / `invocation-logs.jsonl`
 * under `WORKSPACE_INLINE_ARTIFACT_MAX_BYTES`, API.md 9.2). The store may keep `data` as given (no
 * copy): the caller hands it over and never changes it afterwards.
 */
export interface InlineBlob {
  readonly id: string;
  readonly data: Buffer;
}

/** A replica's heartbeat key lives this long; it is renewed every third of it. */
export const REPLICA_HEARTBEAT_TTL_MS = 15_000;
export const REPLICA_HEARTBEAT_INTERVAL_MS = 5_000;

/**
 * Where invocation records live (API.md 9.2). Records are saved running, then final; both saves
 * reset the TTL. Unreachable backends throw `AppException('unavailable', …)`.
 */
export abstract class InvocationStore {
  /**
   * `facts` are kept with a running record (server-internal, never returned by `get`). A terminal
   * save (the same as {@link saveTerminal} without blobs) replaces only a running record; over a
   * terminal one it throws {@link InvocationFinishedElsewhereError}.
   */
  abstract save(invocation: Invocation, facts?: RunningFacts): Promise<void>;

  /**
   * The terminal save of `final` together with its inline blobs, in one atomic step: either the
   * record and every blob are written (the blobs given the record's TTL), or nothing is. Refused
   * like `save` when the stored record is already terminal ({@link InvocationFinishedElsewhereError}),
   * writing no blob, so a terminal record never lists an inline blob whose bytes are missing and a
   * refused ending leaves no orphan bytes.
   */
  abstract saveTerminal(final: Invocation, blobs: readonly InlineBlob[]): Promise<void>;

  /**
   * The terminal save with its blobs ({@link saveTerminal}), then the invocation's last events
   * (`done` and what precedes it), appended only when the save was accepted. Throws what the save
   * throws (no event appended then). Answers whether the events were appended: `false` leaves them
   * to the caller to retry. The Valkey store does all in one script, one round trip; this default
   * saves, then appends.
   */
  async saveFinal(
    final: Invocation,
    events: InvocationEvents,
    trailing: readonly NewInvocationEvent[],
    blobs: readonly InlineBlob[] = [],
  ): Promise<boolean> {
    await this.saveTerminal(final, blobs);
    try {
      await events.append(final.id, trailing);
      return true;
    } catch {
      return false;
    }
  }

  abstract get(id: string): Promise<Invocation | null>;

  /** Removes the record, its correlation entry (when it still owns it) and its blobs. */
  abstract delete(id: string): Promise<void>;

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

  /**
   * The running record `id` when the replica that runs it has stopped heartbeating, else `null`
   * (terminal, unknown, or its replica alive). The answer is only a hint: {@link finishLost}
   * decides, atomically.
   */
  abstract findLost(id: string): Promise<LostInvocation | null>;

  /** Every running record of a replica whose heartbeat is gone (the periodic sweep). */
  abstract listLost(): Promise<LostInvocation[]>;

  /**
   * Running records that name this replica's own id: left by an earlier process with the same
   * `WORKSPACE_REPLICA_ID` (a restarted container keeps its host name and often its pid). Only
   * meaningful at startup, before this process runs anything; finish them after {@link retire}.
   */
  abstract listOrphaned(): Promise<LostInvocation[]>;

  /**
   * Replaces a lost running record with `final` only while it is still running, still names
   * `lost.replicaId` and that replica's heartbeat is still gone, in one atomic step: of any number
   * of concurrent finishers exactly one gets `true`; the others must not audit or count it.
   */
  abstract finishLost(lost: LostInvocation, final: Invocation): Promise<boolean>;

  /** Renews this replica's heartbeat ({@link REPLICA_HEARTBEAT_TTL_MS}); no-op without replicas. */
  abstract heartbeat(): Promise<void>;

  /** Drops this replica's heartbeat at shutdown, so others finish what it leaves running. */
  abstract retire(): Promise<void>;

  /** Readiness probe: `null` when healthy, else a short reason without credentials. */
  abstract check(): Promise<string | null>;
}
