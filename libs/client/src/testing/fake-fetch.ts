/** What a fake service answers: a status, headers and a body (JSON, text or SSE pieces). */
export interface FakeAnswer {
  status?: number;
  headers?: Record<string, string>;
  json?: unknown;
  text?: string;
  /** Body pieces sent one by one; with `cut` the connection then fails instead of ending. */
  pieces?: string[];
  cut?: boolean;
}

export interface FakeFetch {
  fetch: (request: Request) => Promise<Response>;
  /** Every request received, in order, with its body read as text. */
  requests: Array<{ method: string; url: string; headers: Headers; body: string }>;
}

/**
 * A fetch answering from a script: each request gets the next answer (a function receives the
 * request). Tests assert both what the client sent and what it made of the answers.
 */
export function fakeFetch(
  ...answers: Array<FakeAnswer | ((request: Request) => FakeAnswer)>
): FakeFetch {
  const requests: FakeFetch['requests'] = [];
  return {
    requests,
    async fetch(request) {
      request.signal.throwIfAborted();
      requests.push({
        method: request.method,
        url: request.url,
        headers: request.headers,
        body: await request.text(),
      });
      const next = answers.shift();
      if (next === undefined) {
        throw new Error(`unexpected request ${request.method} ${request.url}`);
      }
      return toResponse(typeof next === 'function' ? next(request) : next, request.signal);
    },
  };
}

function toResponse(answer: FakeAnswer, signal: AbortSignal): Response {
  const status = answer.status ?? 200;
  const headers = new Headers(answer.headers);
  if (answer.json !== undefined) {
    headers.set('content-type', 'application/json; charset=utf-8');
    return new Response(JSON.stringify(answer.json), { status, headers });
  }
  if (answer.pieces !== undefined) {
    const pieces = [...answer.pieces];
    const encoder = new TextEncoder();
    const body = new ReadableStream<Uint8Array>({
      start(controller) {
        signal.addEventListener('abort', () => controller.error(signal.reason));
      },
      pull(controller) {
        const piece = pieces.shift();
        if (piece !== undefined) {
          controller.enqueue(encoder.encode(piece));
        } else if (answer.cut === true) {
          controller.error(new TypeError('terminated'));
        } else {
          controller.close();
        }
      },
    });
    headers.set('content-type', 'text/event-stream; charset=utf-8');
    return new Response(body, { status, headers });
  }
  return new Response(answer.text ?? '', { status, headers });
}
