import type { Invocation, JsonValue, LogLine } from '#app/contracts';
import type { JsonLogger } from '#app/observability';
import {
  type Clock,
  InvocationFinishedElsewhereError,
  type InlineBlob,
  type InvocationEvents,
  type InvocationStore,
  type NewInvocationEvent,
} from '#app/stores';
import type { InvocationProgress } from '#app/tool-registry';

/** How long log lines wait to be appended together: one store round trip per batch, not per line. */
export const LOG_BATCH_MS = 50;

export interface EventWriterOptions {
  /** Bytes of `log` event data (compact JSON) kept per invocation; past it one notice line. */
  maxLogBytes: number;
  batchMs?: number;
}

/**
 * The event stream of one invocation as this replica writes it (API.md 5.17, 6): the `progress`
 * the tool reports through, the `status` when it starts running and the final `done`. Appends
 * never slow or fail the tool: log lines are batched every {@link LOG_BATCH_MS}, a failed append
 * is logged and dropped, and only `done` is retried (once).
 */
export class InvocationEventWriter implements InvocationProgress {
  private pending: NewInvocationEvent[] = [];
  private timer: NodeJS.Timeout | undefined;
  private flushing: Promise<void> = Promise.resolve();
  private liveLines = 0;
  private logBytes = 0;
  private truncated = false;
  private ended = false;

  constructor(
    private readonly invocationId: string,
    private readonly events: InvocationEvents,
    private readonly clock: Clock,
    private readonly logger: JsonLogger,
    private readonly options: EventWriterOptions,
  ) {}

  /** ToolContext.progress: one live line, appended with the next batch. */
  log(line: LogLine): void {
    if (this.ended) {
      return; // a handler still writing after its outcome was decided
    }
    this.liveLines += 1;
    this.queueLog(line);
  }

  /** `status` event: the invocation passed its gates and the tool starts. */
  running(record: Invocation): void {
    this.queue({ event: 'status', data: { status: record.status, at: record.started_at } });
  }

  /**
   * The last event: pending lines first, then (for a tool that reported no live line) the record's
   * logs, then `done` with the terminal record. Never throws.
   */
  async done(final: Invocation): Promise<void> {
    if (this.ended) {
      return;
    }
    this.end(final);
    await this.flush(true);
  }

  /**
   * E9's terminal save with the events `done` would append, handed to the store: it appends them
   * in the same round trip where it can (Valkey: one script), and only once the save is accepted,
   * so a reader that sees `done` finds the same record at GET. A save refused because another
   * replica ended the record appends nothing; any other failed save still appends `done` (a
   * reader would otherwise wait on a running record). Throws what the save throws. `blobs` (the
   * record's inline artifacts) are written by the same save, atomically with the record.
   */
  async saveWithDone(
    final: Invocation,
    store: InvocationStore,
    blobs: readonly InlineBlob[] = [],
  ): Promise<void> {
    if (this.ended) {
      await store.saveTerminal(final, blobs);
      return;
    }
    this.end(final);
    // Batches already taken go first; what is still pending goes with the save.
    await this.flushing;
    const trailing = this.pending.splice(0);
    let appended: boolean;
    try {
      appended = await store.saveFinal(final, this.events, trailing, blobs);
    } catch (error) {
      if (!(error instanceof InvocationFinishedElsewhereError)) {
        await this.appendFinal(trailing);
      }
      throw error;
    }
    if (!appended) {
      await this.appendFinal(trailing);
    }
  }

  // Queues what precedes `done` and `done` itself; the writer takes nothing more afterwards.
  private end(final: Invocation): void {
    if (this.liveLines === 0) {
      for (const line of final.logs) {
        this.queueLog(line);
      }
    }
    this.ended = true;
    this.pending.push({ event: 'done', data: final as unknown as JsonValue });
    clearTimeout(this.timer);
    this.timer = undefined;
  }

  private queueLog(line: LogLine): void {
    if (this.truncated) {
      return;
    }
    const bytes = Buffer.byteLength(JSON.stringify(line), 'utf8');
    if (this.logBytes + bytes > this.options.maxLogBytes) {
      this.truncated = true;
      this.queue({
        event: 'log',
        data: {
          at: new Date(this.clock.now()).toISOString(),
          channel: 'stderr',
          message: `live log events truncated: more than ${this.options.maxLogBytes} bytes`,
        },
      });
      return;
    }
    this.logBytes += bytes;
    this.queue({ event: 'log', data: line as unknown as JsonValue });
  }

  private queue(event: NewInvocationEvent): void {
    this.pending.push(event);
    if (!this.timer && !this.ended) {
      this.timer = setTimeout(() => {
        this.timer = undefined;
        void this.flush(false);
      }, this.options.batchMs ?? LOG_BATCH_MS);
      this.timer.unref();
    }
  }

  // Flushes run one after another, so the stream keeps the order the events were queued in.
  private flush(final: boolean): Promise<void> {
    this.flushing = this.flushing.then(async () => {
      const batch = this.pending.splice(0);
      if (batch.length === 0) {
        return;
      }
      if (final) {
        await this.appendFinal(batch);
        return;
      }
      await this.events.append(this.invocationId, batch).catch((error: unknown) => {
        this.warn(error, batch.length);
      });
    });
    return this.flushing;
  }

  // `done` must reach the stream: a reader otherwise waits for the record to tell it. One retry.
  private async appendFinal(batch: NewInvocationEvent[]): Promise<void> {
    if (batch.length === 0) {
      return;
    }
    try {
      await this.events.append(this.invocationId, batch);
    } catch {
      await this.events.append(this.invocationId, batch).catch((retryError: unknown) => {
        this.warn(retryError, batch.length);
      });
    }
  }

  private warn(error: unknown, dropped: number): void {
    this.logger.write('warn', 'invocation events append failed', {
      invocation_id: this.invocationId,
      events_dropped: dropped,
      error,
    });
  }
}
