import { parseSse, type RawSseEvent } from './sse-parser.js';
import type { Invocation, LogLine } from './types.js';
import { WorkspaceApiError } from './workspace-api-error.js';

/** The events of `GET /v1/invocations/{id}/events` (API.md 5.17), data parsed and typed. */
export type InvocationEvent =
  | { id: string; type: 'status'; data: { status: 'running'; at: string } }
  | { id: string; type: 'log'; data: LogLine }
  | { id: string; type: 'done'; data: Invocation };

export interface InvocationEventsOptions {
  /** Resume after this event id (what a previous iteration's last event carried). */
  lastEventId?: string;
  /** Stops the iteration (it then throws the signal's reason) and closes the connection. */
  signal?: AbortSignal;
}

/** How the stream is opened and how hard it tries to resume; filled by WorkspaceClient. */
export interface EventStreamTransport {
  url: string;
  headers: Record<string, string>;
  fetch: (request: Request) => Promise<Response>;
  /** Consecutive failed attempts (no event received) before the error is thrown. */
  maxReconnects: number;
  /** Wait before the first reconnect; doubled for each further failure, at most 30 s. */
  reconnectDelayMs: number;
}

/**
 * Follows an invocation's events until `done`. A connection that ends or fails before `done` (a
 * gateway cutting long requests, a replica shutting down, a network error) is reopened with
 * `Last-Event-ID` set to the last event delivered, so the service sends only what follows it: no
 * event is lost or delivered twice. Errors the service answers before the stream starts are thrown
 * as WorkspaceApiError — at once when not retryable (404, 403, …).
 */
export async function* followInvocationEvents(
  transport: EventStreamTransport,
  options: InvocationEventsOptions = {},
): AsyncGenerator<InvocationEvent> {
  const { signal } = options;
  let cursor = options.lastEventId;
  let failures = 0;
  for (;;) {
    signal?.throwIfAborted();
    let failure: unknown;
    try {
      const response = await transport.fetch(
        new Request(transport.url, {
          headers: {
            ...transport.headers,
            accept: 'text/event-stream',
            ...(cursor !== undefined ? { 'last-event-id': cursor } : {}),
          },
          ...(signal !== undefined ? { signal } : {}),
        }),
      );
      if (!response.ok || response.body === null) {
        throw WorkspaceApiError.fromResponse(response, await readBody(response));
      }
      for await (const raw of parseSse(response.body)) {
        const event = toInvocationEvent(raw);
        if (raw.id !== undefined) {
          cursor = raw.id;
        }
        if (event === undefined) {
          continue;
        }
        failures = 0;
        yield event;
        if (event.type === 'done') {
          return;
        }
      }
      failure = new WorkspaceApiError({
        status: 200,
        code: 'unavailable',
        message: 'event stream ended before done',
        retryable: true,
      });
    } catch (error) {
      signal?.throwIfAborted();
      if (error instanceof WorkspaceApiError && !error.retryable) {
        throw error;
      }
      failure = error;
    }
    failures += 1;
    if (failures > transport.maxReconnects) {
      throw failure;
    }
    await sleep(Math.min(transport.reconnectDelayMs * 2 ** (failures - 1), 30_000), signal);
  }
}

/** The typed event for a raw one; undefined for an event this client does not know (skipped). */
function toInvocationEvent(raw: RawSseEvent): InvocationEvent | undefined {
  if (raw.id === undefined || !['status', 'log', 'done'].includes(raw.event)) {
    return undefined;
  }
  const data: unknown = JSON.parse(raw.data);
  return { id: raw.id, type: raw.event, data } as InvocationEvent;
}

async function readBody(response: Response): Promise<unknown> {
  const text = await response.text();
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

function sleep(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve, reject) => {
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(signal?.reason as Error);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
