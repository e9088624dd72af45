import {
  compareEventIds,
  EVENTS_READ_BATCH,
  type EventsUnsubscribe,
  type InvocationEvent,
  InvocationEvents,
  type NewInvocationEvent,
} from '../invocation-events.port.js';
import type { Clock } from '../clock.js';

interface StoredStream {
  events: InvocationEvent[];
  touchedAt: number;
}

/**
 * Event streams in process memory, one array per invocation, dropped `ttlSeconds` after their
 * last append (0 = never) like the memory invocation store's records. Ids are a process-wide
 * counter `<n>-0`; a restart forgets every stream, and the route then replays from the record.
 */
export class MemoryInvocationEvents extends InvocationEvents {
  private readonly streams = new Map<string, StoredStream>();
  private readonly listeners = new Map<string, Set<() => void>>();
  private counter = 0;
  private lastEviction = 0;

  constructor(
    private readonly clock: Clock,
    private readonly ttlSeconds: number,
  ) {
    super();
  }

  async append(invocationId: string, events: readonly NewInvocationEvent[]): Promise<void> {
    this.evictExpired();
    const stream = this.streams.get(invocationId) ?? { events: [], touchedAt: 0 };
    for (const event of events) {
      this.counter += 1;
      stream.events.push({ id: `${this.counter}-0`, event: event.event, data: event.data });
    }
    stream.touchedAt = this.clock.now();
    this.streams.set(invocationId, stream);
    for (const listener of [...(this.listeners.get(invocationId) ?? [])]) {
      listener();
    }
  }

  async read(
    invocationId: string,
    afterId: string | null,
    limit = EVENTS_READ_BATCH,
  ): Promise<InvocationEvent[]> {
    this.evictExpired();
    const events = this.streams.get(invocationId)?.events ?? [];
    const after =
      afterId === null ? events : events.filter((e) => compareEventIds(e.id, afterId) > 0);
    return after.slice(0, limit).map((event) => ({ ...event }));
  }

  async last(invocationId: string): Promise<InvocationEvent | null> {
    this.evictExpired();
    const events = this.streams.get(invocationId)?.events ?? [];
    const newest = events[events.length - 1];
    return newest ? { ...newest } : null;
  }

  subscribe(invocationId: string, listener: () => void): EventsUnsubscribe {
    const set = this.listeners.get(invocationId) ?? new Set();
    set.add(listener);
    this.listeners.set(invocationId, set);
    return () => {
      set.delete(listener);
      if (set.size === 0 && this.listeners.get(invocationId) === set) {
        this.listeners.delete(invocationId);
      }
    };
  }

  /** Listeners currently registered (tests check that a closed client leaves none behind). */
  get listenerCount(): number {
    let count = 0;
    for (const set of this.listeners.values()) {
      count += set.size;
    }
    return count;
  }

  private evictExpired(): void {
    if (this.ttlSeconds <= 0) {
      return;
    }
    // At most once a second: a busy replica appends often, and a stream only expires by seconds.
    const now = this.clock.now();
    if (now - this.lastEviction < 1000) {
      return;
    }
    this.lastEviction = now;
    const cutoff = now - this.ttlSeconds * 1000;
    for (const [id, stream] of this.streams) {
      if (stream.touchedAt < cutoff) {
        this.streams.delete(id);
      }
    }
  }
}
