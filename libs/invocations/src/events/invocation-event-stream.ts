import type { IncomingMessage, ServerResponse } from 'node:http';
import { Injectable, type OnModuleDestroy } from '@nestjs/common';
import type { Invocation, JsonValue } from '#app/contracts';
import { JsonLogger } from '#app/observability';
import {
  compareEventIds,
  EVENTS_READ_BATCH,
  type InvocationEvent,
  InvocationEvents,
  InvocationStore,
  nextEventId,
} from '#app/stores';
import { InvocationHydrator } from '../invocation-hydrator.js';
import { LostInvocations } from '../lost-invocations.js';
import { EventStreamTimings } from './event-stream-timings.js';
import { SSE_KEEPALIVE_FRAME, sseFrame } from './sse-frame.js';

const SSE_HEADERS = {
  'content-type': 'text/event-stream; charset=utf-8',
  'cache-control': 'no-cache',
  'x-accel-buffering': 'no',
  'x-content-type-options': 'nosniff',
} as const;

/**
 * Serves `GET /v1/invocations/{id}/events` (API.md 5.17) on a hijacked response: the stored events
 * after the client's cursor, then new ones as the store announces them, until `done`. Every
 * keepalive tick also re-reads the stream (a missed notification) and the record, so a stream
 * whose `done` never comes (expired, memory store restarted, append failed) ends from the record.
 */
@Injectable()
export class InvocationEventStream implements OnModuleDestroy {
  private readonly open = new Set<() => void>();

  constructor(
    private readonly events: InvocationEvents,
    private readonly store: InvocationStore,
    private readonly hydrator: InvocationHydrator,
    private readonly lost: LostInvocations,
    private readonly timings: EventStreamTimings,
    private readonly logger: JsonLogger,
  ) {}

  /** Streams currently open on this replica (tests check none is left behind). */
  get openStreams(): number {
    return this.open.size;
  }

  /** Never rejects: a store failure ends the stream, and the client resumes with Last-Event-ID. */
  async serve(
    invocation: Invocation,
    lastEventId: string | null,
    request: IncomingMessage,
    response: ServerResponse,
  ): Promise<void> {
    if (invocation.status !== 'running' && (await this.hasDone(invocation.id, lastEventId))) {
      // The client has the whole stream (a gateway cut it just after `done`, or an EventSource
      // reconnected after the end): 204 tells EventSource to stop reconnecting.
      response.writeHead(204, { 'x-content-type-options': 'nosniff' });
      response.end();
      return;
    }
    response.writeHead(200, SSE_HEADERS);
    if (request.method === 'HEAD') {
      response.end();
      return;
    }
    response.flushHeaders();
    const session = new StreamSession(response);
    const unsubscribe = this.events.subscribe(invocation.id, session.wake);
    const keepalive = setInterval(() => {
      session.write(SSE_KEEPALIVE_FRAME);
      session.tick();
    }, this.timings.keepaliveMs);
    this.open.add(session.close);
    try {
      await this.pump(invocation, lastEventId, session);
    } catch (error) {
      this.logger.write('warn', 'invocation event stream ended by a store error', {
        invocation_id: invocation.id,
        error,
      });
    } finally {
      clearInterval(keepalive);
      unsubscribe();
      this.open.delete(session.close);
      session.end();
    }
  }

  /** Shutdown: open streams end, so the server can close; clients resume on another replica. */
  onModuleDestroy(): void {
    for (const close of [...this.open]) {
      close();
    }
  }

  private async pump(
    invocation: Invocation,
    lastEventId: string | null,
    session: StreamSession,
  ): Promise<void> {
    let cursor = lastEventId;
    let record: Invocation | null = invocation;
    let terminalWithoutDone = false;
    while (!session.closed) {
      const checkRecord = session.takeTick() || record !== null;
      session.settle();
      const batch = await this.events.read(invocation.id, cursor);
      for (const event of batch) {
        await session.send(event);
        cursor = event.id;
        if (event.event === 'done') {
          return;
        }
      }
      if (batch.length === EVENTS_READ_BATCH) {
        continue;
      }
      if (checkRecord) {
        record ??= await this.currentRecord(invocation.id);
        if (record && record.status !== 'running') {
          // Nothing stored at all: the stream expired or never reached this store. Otherwise the
          // `done` may just be on its way: wait one tick before answering from the record.
          if (await this.hasDone(invocation.id, cursor)) {
            return; // the client already has `done`: a second one would be a duplicate
          }
          const stored = await this.events.read(invocation.id, null, 1);
          if (stored.length === 0 || terminalWithoutDone) {
            await this.replayFromRecord(record, cursor, stored.length === 0, session);
            return;
          }
          terminalWithoutDone = true;
        }
        record = null;
      }
      await session.idle();
    }
  }

  /**
   * Whether the cursor is at or after the stored `done`: the client got everything. A store error
   * answers no, so the caller goes on as before (and the stream's own reads report it).
   */
  private async hasDone(id: string, cursor: string | null): Promise<boolean> {
    if (cursor === null) {
      return false;
    }
    const last = await this.events.last(id).catch(() => null);
    return last?.event === 'done' && compareEventIds(cursor, last.id) >= 0;
  }

  private async currentRecord(id: string): Promise<Invocation | null> {
    const stored = await this.store.get(id);
    return stored ? this.lost.settle(stored) : null;
  }

  // The record's logs as `log` events `0-1`, `0-2`, … (below every stored id, so a cursor from
  // either kind resumes correctly), then `done`, whose id is always after the cursor.
  private async replayFromRecord(
    record: Invocation,
    cursor: string | null,
    withLogs: boolean,
    session: StreamSession,
  ): Promise<void> {
    const hydrated = await this.hydrator.hydrate(record);
    const replay: InvocationEvent[] = withLogs
      ? hydrated.logs.map((line, index) => ({
          id: `0-${index + 1}`,
          event: 'log',
          data: line as unknown as JsonValue,
        }))
      : [];
    for (const event of replay) {
      if (cursor === null || compareEventIds(event.id, cursor) > 0) {
        await session.send(event);
        cursor = event.id;
      }
    }
    const doneId = nextEventId(cursor ?? '0-0');
    await session.send({ id: doneId, event: 'done', data: hydrated as unknown as JsonValue });
  }
}

/** The socket side of one stream: writes with backpressure, and the wake-ups the pump waits for. */
class StreamSession {
  closed = false;
  private dirty = true;
  private ticked = false;
  private waiter: (() => void) | null = null;

  constructor(private readonly response: ServerResponse) {
    response.on('close', this.close);
  }

  readonly wake = (): void => {
    this.dirty = true;
    const waiter = this.waiter;
    this.waiter = null;
    waiter?.();
  };

  readonly close = (): void => {
    this.closed = true;
    this.wake();
  };

  tick(): void {
    this.ticked = true;
    this.wake();
  }

  takeTick(): boolean {
    const ticked = this.ticked;
    this.ticked = false;
    return ticked;
  }

  /** Marks what is about to be read as seen: a wake-up from now on triggers another read. */
  settle(): void {
    this.dirty = false;
  }

  idle(): Promise<void> {
    if (this.dirty || this.closed) {
      return Promise.resolve();
    }
    return new Promise((resolve) => {
      this.waiter = resolve;
    });
  }

  write(text: string): boolean {
    if (this.closed || this.response.writableEnded) {
      return true;
    }
    return this.response.write(text);
  }

  async send(event: InvocationEvent): Promise<void> {
    if (!this.write(sseFrame(event))) {
      await new Promise<void>((resolve) => {
        this.response.once('drain', resolve);
        this.response.once('close', resolve);
      });
    }
  }

  end(): void {
    this.response.off('close', this.close);
    if (!this.response.writableEnded) {
      this.response.end();
    }
  }
}
