import { type Invocation, toTimestamp } from '#app/contracts';
import { AppException } from '#app/errors';
import type { AuditLog, InvocationSpan, JsonLogger, ServiceMetrics } from '#app/observability';
import { type Clock, InvocationFinishedElsewhereError, type InvocationStore } from '#app/stores';
import type { InvocationEventWriter } from './events/invocation-event-writer.js';
import type { InvocationContext } from './invocation-context.js';
import { type ClaimOutcome, failed, type InvocationOutcome } from './invocation-outcome.js';
import { responseError } from './invocation-response.js';
import { invocationStoreCall } from './invocation-store.call.js';

/** What a handle needs to keep its record: the store, the clock and the three observers of E9. */
export interface RecordKeeping {
  readonly store: InvocationStore;
  readonly clock: Clock;
  readonly metrics: ServiceMetrics;
  readonly audit: AuditLog;
  readonly logger: JsonLogger;
}

/** Recorded when an invocation ends without any step deciding its outcome (an unexpected throw). */
const UNFINISHED = {
  code: 'internal',
  message: 'invocation ended unexpectedly',
  retryable: false,
} as const;

/**
 * One invocation from C1 on: it owns the running record, its span and the releases the gates took.
 * Exactly one of `finish()` (terminal record) or a lost correlation claim (record deleted) ends it;
 * `close()`, called from a `finally`, releases everything and finishes a record nobody finished, so
 * no record stays `running` for ever.
 */
export class InvocationHandle {
  private state: 'running' | 'abandoned' | 'finished' = 'running';
  private readonly releases: Array<() => Promise<void>> = [];

  constructor(
    private readonly context: InvocationContext,
    private readonly running: Invocation,
    private readonly span: InvocationSpan,
    private readonly keeping: RecordKeeping,
    /** The invocation's event stream (API.md 5.17): `progress` for the tool, then `done`. */
    readonly events: InvocationEventWriter,
    /**
     * `argsSha256(context.args)`, computed in C1 for the running record's audit facts and reused for
     * the audit line (the args do not change; `approved` may, so it is read at the end).
     */
    private readonly argsDigest: string,
  ) {}

  /** The running record as saved in C1. */
  get record(): Invocation {
    return this.running;
  }

  /** Keeps a gate's release (a concurrency slot) until the invocation ends (API.md 6 E). */
  hold(release: () => Promise<void>): void {
    this.releases.push(release);
  }

  /**
   * C1, second half: the set-if-absent correlation claim. A twin that won the key makes this record
   * go (deleted, span discarded); a store failure is a `failed` outcome for the record.
   */
  async claimCorrelation(): Promise<ClaimOutcome> {
    const { correlationId, session, toolName } = this.context;
    if (!correlationId) {
      return { status: 'owned' };
    }
    let ownerId: string | null;
    try {
      const key = { sessionId: session.id, toolName, correlationId };
      ownerId = await invocationStoreCall(this.keeping.logger, () =>
        this.keeping.store.claimCorrelation(key, this.running.id),
      );
    } catch (error) {
      return failed((error as AppException).toBody());
    }
    if (!ownerId) {
      return { status: 'owned' };
    }
    await this.keeping.store.delete(this.running.id);
    this.state = 'abandoned';
    this.span.discard();
    return { status: 'lost', ownerId };
  }

  /**
   * E9: sets the terminal fields, counts, ends the span, saves and audits. A failed save answers
   * 500/503 with the in-memory record and no audit line; the metrics are kept.
   */
  async finish(outcome: InvocationOutcome): Promise<Invocation> {
    if (this.state !== 'running') {
      throw new Error(`invocation ${this.running.id} is already ${this.state}`);
    }
    this.state = 'finished';
    const { clock, metrics, store, logger, audit } = this.keeping;
    const completed = clock.now();
    const error = outcome.status === 'succeeded' ? undefined : outcome.error;
    const final: Invocation = {
      ...this.running,
      ...outcome.record,
      status: outcome.status,
      completed_at: toTimestamp(completed),
      duration_ms: Math.max(0, Math.trunc(completed - Date.parse(this.running.started_at))),
      ...(error ? { error } : {}),
    };
    metrics.invocationFinished(final.tool_name, outcome.status, final.duration_ms, error?.code);
    this.span.end(final);
    try {
      // The save, the inline blobs and the `done` event in one round trip where the store can
      // (API.md 6 E9): a refused or failed save writes no blob.
      await this.events.saveWithDone(final, store, outcome.blobs ?? []);
    } catch (saveError) {
      if (saveError instanceof InvocationFinishedElsewhereError) {
        // Cut off long enough for another replica to finish it as lost: that record stands, with
        // its one audit line; the caller gets what every reader gets.
        logger.write('warn', 'invocation was already finished by another replica', {
          invocation_id: final.id,
        });
        throw responseError(saveError.record, {}, completed);
      }
      logger.write('error', 'invocation terminal save failed', {
        invocation_id: final.id,
        error: saveError,
      });
      const code =
        saveError instanceof AppException && saveError.code === 'unavailable'
          ? 'unavailable'
          : 'internal';
      // The writer appended `done` anyway: a reader of the stream gets what the caller gets.
      throw new AppException(code, 'invocation record could not be saved', { invocation: final });
    }
    const { session, approved, args, approvedVia } = this.context;
    audit.record({
      invocation: final,
      session,
      approved,
      args,
      argsSha256: this.argsDigest,
      approvedVia,
    });
    return final;
  }

  /** Releases what the gates took, then makes sure the record is terminal. Never throws. */
  async close(): Promise<void> {
    await Promise.allSettled(this.releases.splice(0).map((release) => release()));
    if (this.state !== 'running') {
      return;
    }
    this.keeping.logger.write('error', 'invocation ended without an outcome', {
      invocation_id: this.running.id,
    });
    await this.finish(failed(UNFINISHED)).catch(() => undefined);
  }
}
