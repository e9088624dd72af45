/** One dispatched Server-Sent Event (WHATWG HTML, "Server-sent events"), data still as text. */
export interface RawSseEvent {
  /** The `id:` of this event; absent when the event set none. */
  id?: string;
  /** `event:` name; `message` when the event set none. */
  event: string;
  /** The `data:` lines joined with `\n`. */
  data: string;
}

/**
 * Parses a `text/event-stream` body into events as they complete. An event is dispatched only at
 * its blank line: the half-received event a cut connection leaves behind is dropped (as the
 * standard says), so a resumed stream sends it again instead of it being seen twice or torn.
 * Comments (`: keepalive`) and `retry:` are skipped. Stops reading (and releases the body) when
 * the consumer stops iterating.
 */
export async function* parseSse(body: ReadableStream<Uint8Array>): AsyncGenerator<RawSseEvent> {
  const reader = body.getReader();
  const decoder = new TextDecoder();
  let buffer = '';
  let event = blankEvent();
  try {
    for (;;) {
      const { done, value } = await reader.read();
      buffer += done ? decoder.decode() : decoder.decode(value, { stream: true });
      let lineEnd = findLineEnd(buffer, done);
      while (lineEnd !== undefined) {
        const line = buffer.slice(0, lineEnd.index);
        buffer = buffer.slice(lineEnd.index + lineEnd.length);
        if (line === '') {
          if (event.hasData) {
            yield {
              ...(event.id !== undefined ? { id: event.id } : {}),
              event: event.name === '' ? 'message' : event.name,
              data: event.data.join('\n'),
            };
          }
          event = blankEvent();
        } else {
          readField(line, event);
        }
        lineEnd = findLineEnd(buffer, done);
      }
      if (done) {
        return;
      }
    }
  } finally {
    // Consumer stopped early (break, return, throw): close the connection rather than let it idle.
    await reader.cancel().catch(() => undefined);
  }
}

interface PendingEvent {
  id?: string;
  name: string;
  data: string[];
  hasData: boolean;
}

const blankEvent = (): PendingEvent => ({ name: '', data: [], hasData: false });

/**
 * The first line terminator (`\r\n`, `\n` or `\r`); a trailing `\r` waits for a possible `\n`
 * unless the body has ended.
 */
function findLineEnd(
  buffer: string,
  ended: boolean,
): { index: number; length: number } | undefined {
  const newline = buffer.indexOf('\n');
  const carriage = buffer.indexOf('\r');
  if (carriage >= 0 && (newline < 0 || carriage < newline)) {
    if (carriage === buffer.length - 1 && !ended) {
      return undefined;
    }
    return { index: carriage, length: buffer[carriage + 1] === '\n' ? 2 : 1 };
  }
  return newline >= 0 ? { index: newline, length: 1 } : undefined;
}

function readField(line: string, event: PendingEvent): void {
  if (line.startsWith(':')) {
    return;
  }
  const colon = line.indexOf(':');
  const field = colon < 0 ? line : line.slice(0, colon);
  let value = colon < 0 ? '' : line.slice(colon + 1);
  if (value.startsWith(' ')) {
    value = value.slice(1);
  }
  switch (field) {
    case 'event':
      event.name = value;
      break;
    case 'data':
      event.data.push(value);
      event.hasData = true;
      break;
    case 'id':
      if (!value.includes('\0')) {
        event.id = value;
      }
      break;
    default:
      // `retry:` and unknown fields: nothing the client needs.
      break;
  }
}
