import { parseSse, type RawSseEvent } from './sse-parser.js';

/** A body delivering `text` in the given pieces. */
function body(...pieces: string[]): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  return new ReadableStream({
    start(controller) {
      for (const piece of pieces) {
        controller.enqueue(encoder.encode(piece));
      }
      controller.close();
    },
  });
}

async function collect(stream: ReadableStream<Uint8Array>): Promise<RawSseEvent[]> {
  const events: RawSseEvent[] = [];
  for await (const event of parseSse(stream)) {
    events.push(event);
  }
  return events;
}

describe('parseSse', () => {
  const STREAM =
    ': keepalive\n\nid: 1-0\nevent: log\ndata: {"message":"a"}\n\nid: 1-1\nevent: done\ndata: {"x":\ndata: 1}\n\n';

  it('should dispatch events at their blank line, skipping comments and joining data lines', async () => {
    expect(await collect(body(STREAM))).toEqual([
      { id: '1-0', event: 'log', data: '{"message":"a"}' },
      { id: '1-1', event: 'done', data: '{"x":\n1}' },
    ]);
  });

  it('should give the same events whatever the chunk boundaries (every split point)', async () => {
    const whole = await collect(body(STREAM));
    for (let split = 1; split < STREAM.length; split++) {
      expect(await collect(body(STREAM.slice(0, split), STREAM.slice(split)))).toEqual(whole);
    }
  });

  it('should accept CRLF and CR line ends, a split CRLF included', async () => {
    const crlf = 'id: 2\r\nevent: log\r\ndata: x\r\n\r\nid: 3\revent: log\rdata: y\r\r';
    const expected = [
      { id: '2', event: 'log', data: 'x' },
      { id: '3', event: 'log', data: 'y' },
    ];
    expect(await collect(body(crlf))).toEqual(expected);
    expect(await collect(body('id: 2\r', '\nevent: log\r\ndata: x\r\n\r\n'))).toEqual([
      expected[0],
    ]);
  });

  it('should drop the half-received event a cut connection leaves (it is sent again on resume)', async () => {
    expect(
      await collect(body('id: 1\nevent: log\ndata: a\n\nid: 2\nevent: log\ndata: b\n')),
    ).toEqual([{ id: '1', event: 'log', data: 'a' }]);
  });

  it('should name an event without `event:` message and keep multi-byte characters split across chunks', async () => {
    const bytes = new TextEncoder().encode('data: ñandú ✓\n\n');
    const stream = new ReadableStream<Uint8Array>({
      start(controller) {
        for (const byte of bytes) {
          controller.enqueue(new Uint8Array([byte]));
        }
        controller.close();
      },
    });
    expect(await collect(stream)).toEqual([{ event: 'message', data: 'ñandú ✓' }]);
  });

  it('should cancel the body when the consumer stops early', async () => {
    let cancelled = false;
    const stream = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(new TextEncoder().encode('data: 1\n\ndata: 2\n\n'));
      },
      cancel() {
        cancelled = true;
      },
    });
    for await (const event of parseSse(stream)) {
      expect(event.data).toBe('1');
      break;
    }
    expect(cancelled).toBe(true);
  });
});
