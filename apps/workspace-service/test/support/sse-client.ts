import { request as httpRequest, type ClientRequest, type IncomingMessage } from 'node:http';

/** One parsed `text/event-stream` event (data parsed as JSON when it is JSON). */
export interface SseEvent {
  id?: string;
  event: string;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  data: any;
}

export interface SseConnection {
  status: number;
  headers: IncomingMessage['headers'];
  /** Every event received so far, in order. */
  events: SseEvent[];
  /** Comment lines received (`: keepalive` → `keepalive`). */
  comments: string[];
  /** Resolves when the server ends the stream (or the connection fails). */
  ended: Promise<void>;
  /** Waits until `predicate` holds for the events received, or fails after `timeoutMs`. */
  waitFor(predicate: (events: SseEvent[]) => boolean, timeoutMs?: number): Promise<SseEvent[]>;
  waitForComment(timeoutMs?: number): Promise<string>;
  /** The client goes away (the socket is destroyed). */
  close(): void;
  /** The body as received, for non-stream answers (errors). */
  text(): string;
}

export interface SseOptions {
  headers?: Record<string, string>;
  lastEventId?: string;
}

/**
 * A minimal EventSource over node:http for tests against a real listening port: connect with
 * headers (and Last-Event-ID), collect parsed events and comments, close like a client that leaves.
 */
export async function connectSse(url: string, options: SseOptions = {}): Promise<SseConnection> {
  const headers: Record<string, string> = { accept: 'text/event-stream', ...options.headers };
  if (options.lastEventId !== undefined) {
    headers['last-event-id'] = options.lastEventId;
  }
  let request: ClientRequest | undefined;
  const response = await new Promise<IncomingMessage>((resolve, reject) => {
    request = httpRequest(url, { headers }, resolve);
    request.on('error', reject);
    request.end();
  });
  const events: SseEvent[] = [];
  const comments: string[] = [];
  let raw = '';
  let buffer = '';
  const changed = new Set<() => void>();
  const notify = (): void => {
    for (const listener of [...changed]) {
      listener();
    }
  };
  response.setEncoding('utf8');
  response.on('data', (chunk: string) => {
    raw += chunk;
    buffer += chunk;
    let boundary = buffer.indexOf('\n\n');
    while (boundary >= 0) {
      parseBlock(buffer.slice(0, boundary), events, comments);
      buffer = buffer.slice(boundary + 2);
      boundary = buffer.indexOf('\n\n');
    }
    notify();
  });
  const ended = new Promise<void>((resolve) => {
    response.on('end', () => resolve());
    response.on('close', () => resolve());
    response.on('error', () => resolve());
  });
  let finished = false;
  void ended.then(() => {
    finished = true;
    notify();
  });

  const waitUntil = <T>(check: () => T | undefined, timeoutMs: number, what: string): Promise<T> =>
    new Promise<T>((resolve, reject) => {
      const attempt = (): void => {
        const value = check();
        if (value !== undefined) {
          cleanup();
          resolve(value);
        } else if (finished) {
          cleanup();
          reject(new Error(`stream ended before ${what}; events: ${JSON.stringify(events)}`));
        }
      };
      const timer = setTimeout(() => {
        cleanup();
        reject(new Error(`timed out waiting for ${what}; events: ${JSON.stringify(events)}`));
      }, timeoutMs);
      const cleanup = (): void => {
        clearTimeout(timer);
        changed.delete(attempt);
      };
      changed.add(attempt);
      attempt();
    });

  return {
    status: response.statusCode ?? 0,
    headers: response.headers,
    events,
    comments,
    ended,
    waitFor: (predicate, timeoutMs = 30_000) =>
      waitUntil(() => (predicate(events) ? [...events] : undefined), timeoutMs, 'the events'),
    waitForComment: (timeoutMs = 30_000) =>
      waitUntil(() => comments[0], timeoutMs, 'a comment line'),
    close: () => {
      response.destroy();
      request?.destroy();
    },
    text: () => raw,
  };
}

function parseBlock(block: string, events: SseEvent[], comments: string[]): void {
  let id: string | undefined;
  let event = 'message';
  const data: string[] = [];
  for (const line of block.split('\n')) {
    if (line.startsWith(':')) {
      comments.push(line.slice(1).trim());
      continue;
    }
    const colon = line.indexOf(':');
    const field = colon < 0 ? line : line.slice(0, colon);
    const value = colon < 0 ? '' : line.slice(colon + 1).replace(/^ /, '');
    if (field === 'id') {
      id = value;
    } else if (field === 'event') {
      event = value;
    } else if (field === 'data') {
      data.push(value);
    }
  }
  if (data.length === 0) {
    return;
  }
  const text = data.join('\n');
  let parsed: unknown = text;
  try {
    parsed = JSON.parse(text);
  } catch {
    // plain text data stays a string
  }
  events.push({ ...(id !== undefined ? { id } : {}), event, data: parsed });
}

/** True once a `done` event arrived. */
export const hasDone = (events: SseEvent[]): boolean => events.some((e) => e.event === 'done');
