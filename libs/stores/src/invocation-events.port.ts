import type { JsonValue } from '#app/contracts';

/** The three kinds of event of `GET /v1/invocations/{id}/events` (API.md 5.17). */
export type InvocationEventName = 'log' | 'status' | 'done';

/** An event as appended: the store gives it its id. */
export interface NewInvocationEvent {
  event: InvocationEventName;
  data: JsonValue;
}

/**
 * One stored event. Ids are `<ms>-<seq>` (a Valkey stream id; the memory store counts `<n>-0`) and
 * increase within an invocation, so `Last-Event-ID` resumes after any of them.
 */
export interface InvocationEvent extends NewInvocationEvent {
  id: string;
}

/** Unsubscribes; calling it twice is harmless. */
export type EventsUnsubscribe = () => void;

/** Events read at most per call, so one slow client never pulls a whole stream at once. */
export const EVENTS_READ_BATCH = 500;

/**
 * The live event stream of each invocation (docs/STORES.md, "Invocation events"), kept beside its
 * record with the same backend and lifetime. Unreachable backends throw
 * `AppException('unavailable', …)`.
 */
export abstract class InvocationEvents {
  /** Appends in order, in one round trip; the stream lives as long as the invocation record. */
  abstract append(invocationId: string, events: readonly NewInvocationEvent[]): Promise<void>;

  /**
   * Up to `limit` events after `afterId` (exclusive; `null` = from the first), oldest first. An
   * unknown or expired stream reads as empty.
   */
  abstract read(
    invocationId: string,
    afterId: string | null,
    limit?: number,
  ): Promise<InvocationEvent[]>;

  /** The newest stored event of that invocation; `null` when its stream is unknown or expired. */
  abstract last(invocationId: string): Promise<InvocationEvent | null>;

  /**
   * Calls `listener` (with no argument) after events are appended to that invocation, by this
   * replica or (Valkey) any other. A hint only: the listener reads with {@link read}; a missed
   * notification is made up by the reader's periodic re-read.
   */
  abstract subscribe(invocationId: string, listener: () => void): EventsUnsubscribe;
}

/** `a` − `b` for two event ids of the form `<ms>-<seq>`: negative, zero or positive. */
export function compareEventIds(a: string, b: string): number {
  const [aMs, aSeq] = splitEventId(a);
  const [bMs, bSeq] = splitEventId(b);
  if (aMs !== bMs) {
    return aMs < bMs ? -1 : 1;
  }
  return aSeq === bSeq ? 0 : aSeq < bSeq ? -1 : 1;
}

/** Whether a client-sent `Last-Event-ID` has the form of an event id. */
export function isEventId(value: string): boolean {
  return /^\d{1,20}-\d{1,20}$/.test(value);
}

/** The smallest id after `id` (same millisecond part, next sequence number). */
export function nextEventId(id: string): string {
  const [ms, seq] = splitEventId(id);
  return `${ms}-${seq + 1n}`;
}

function splitEventId(id: string): [bigint, bigint] {
  const [ms = '0', seq = '0'] = id.split('-');
  return [BigInt(ms), BigInt(seq)];
}
