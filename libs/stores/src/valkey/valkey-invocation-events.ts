import type { OnApplicationShutdown } from '@nestjs/common';
import type { Redis } from 'ioredis';
import type { JsonValue } from '#app/contracts';
import {
  EVENTS_READ_BATCH,
  type EventsUnsubscribe,
  type InvocationEvent,
  type InvocationEventName,
  InvocationEvents,
  type NewInvocationEvent,
} from '../invocation-events.port.js';
import type { ValkeyConnection } from './valkey-connection.js';
import { valkeyCall } from './valkey-errors.js';

/** Entries kept per stream at most (approximate trim); the writer's byte cap binds long before. */
export const EVENTS_STREAM_MAX_LEN = 100_000;

const EVENT_NAMES: ReadonlySet<string> = new Set(['log', 'status', 'done']);

/**
 * docs/STORES.md, "Invocation events": one stream per invocation at `<prefix>:events:<id>` (XADD
 * with `MAXLEN ~`, fields `e` = event name and `d` = JSON data), given the record's TTL with every
 * append. After each append the invocation id is published on `<prefix>:events:notify`; each replica
 * holds ONE extra connection subscribed to that channel and wakes its local readers, which then
 * read with XRANGE on the shared connection: no blocking connection per SSE client.
 */
export class ValkeyInvocationEvents extends InvocationEvents implements OnApplicationShutdown {
  private readonly listeners = new Map<string, Set<() => void>>();
  private subscriber: Redis | null = null;
  private closed = false;

  constructor(
    private readonly connection: ValkeyConnection,
    private readonly keyPrefix: string,
    private readonly ttlSeconds: number,
  ) {
    super();
  }

  async append(invocationId: string, events: readonly NewInvocationEvent[]): Promise<void> {
    if (events.length === 0) {
      return;
    }
    const key = this.streamKey(invocationId);
    const pipeline = this.connection.client.multi();
    for (const event of events) {
      pipeline.xadd(
        key,
        'MAXLEN',
        '~',
        EVENTS_STREAM_MAX_LEN,
        '*',
        'e',
        event.event,
        'd',
        JSON.stringify(event.data),
      );
    }
    if (this.ttlSeconds > 0) {
      pipeline.expire(key, this.ttlSeconds);
    }
    pipeline.publish(this.notifyChannel, invocationId);
    const results = await valkeyCall(() => pipeline.exec());
    const failure = results?.find(([error]) => error !== null)?.[0];
    if (failure) {
      throw failure;
    }
  }

  async read(
    invocationId: string,
    afterId: string | null,
    limit = EVENTS_READ_BATCH,
  ): Promise<InvocationEvent[]> {
    const start = afterId === null ? '-' : `(${afterId}`;
    const entries = await valkeyCall(() =>
      this.connection.client.xrange(this.streamKey(invocationId), start, '+', 'COUNT', limit),
    );
    const events: InvocationEvent[] = [];
    for (const [id, fields] of entries) {
      const event = parseEntry(id, fields);
      if (event) {
        events.push(event);
      }
    }
    return events;
  }

  async last(invocationId: string): Promise<InvocationEvent | null> {
    const entries = await valkeyCall(() =>
      this.connection.client.xrevrange(this.streamKey(invocationId), '+', '-', 'COUNT', 1),
    );
    const [newest] = entries;
    return newest ? parseEntry(newest[0], newest[1]) : null;
  }

  subscribe(invocationId: string, listener: () => void): EventsUnsubscribe {
    const set = this.listeners.get(invocationId) ?? new Set();
    set.add(listener);
    this.listeners.set(invocationId, set);
    this.ensureSubscriber();
    return () => {
      set.delete(listener);
      if (set.size === 0 && this.listeners.get(invocationId) === set) {
        this.listeners.delete(invocationId);
      }
    };
  }

  async onApplicationShutdown(): Promise<void> {
    this.closed = true;
    const subscriber = this.subscriber;
    this.subscriber = null;
    if (subscriber) {
      await subscriber.quit().catch(() => undefined);
      subscriber.disconnect();
    }
  }

  /** Whether this adapter writes through `connection` (a store may then append in its own script). */
  writesThrough(connection: ValkeyConnection): boolean {
    return this.connection === connection;
  }

  streamKey(invocationId: string): string {
    return `${this.keyPrefix}:events:${invocationId}`;
  }

  get notifyChannel(): string {
    return `${this.keyPrefix}:events:notify`;
  }

  // Opened on the first subscription, so a replica nobody reads events from holds no extra
  // connection. ioredis resubscribes by itself after a reconnect; notifications missed meanwhile
  // are made up by the readers' periodic re-read.
  private ensureSubscriber(): void {
    if (this.subscriber || this.closed) {
      return;
    }
    // A subscriber connection only (un)subscribes: nothing to batch.
    const subscriber = this.connection.client.duplicate({ enableAutoPipelining: false });
    this.subscriber = subscriber;
    subscriber.on('error', () => undefined);
    subscriber.on('message', (_channel: string, invocationId: string) => {
      for (const listener of [...(this.listeners.get(invocationId) ?? [])]) {
        listener();
      }
    });
    void subscriber
      .connect()
      .then(() => subscriber.subscribe(this.notifyChannel))
      .catch(() => {
        // Retried on the next subscription; readers fall back to their periodic re-read.
        if (this.subscriber === subscriber) {
          this.subscriber = null;
        }
        subscriber.disconnect();
      });
  }
}

function parseEntry(id: string, fields: string[]): InvocationEvent | null {
  const values = new Map<string, string>();
  for (let index = 0; index + 1 < fields.length; index += 2) {
    values.set(fields[index], fields[index + 1]);
  }
  const name = values.get('e');
  const data = values.get('d');
  if (!name || !EVENT_NAMES.has(name) || data === undefined) {
    return null;
  }
  try {
    return { id, event: name as InvocationEventName, data: JSON.parse(data) as JsonValue };
  } catch {
    return null;
  }
}
