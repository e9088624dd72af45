import { followInvocationEvents, type InvocationEvent } from './invocation-events.js';
import { fakeFetch, type FakeAnswer } from './testing/fake-fetch.js';
import { WorkspaceApiError } from './workspace-api-error.js';

const URL = 'http://service.test/v1/invocations/inv-1/events';

const sse = (id: string, event: string, data: unknown): string =>
  `id: ${id}\nevent: ${event}\ndata: ${JSON.stringify(data)}\n\n`;
const STATUS = sse('10-0', 'status', { status: 'running', at: '2026-12-07T10:00:00.000Z' });
const log = (id: string, message: string): string =>
  sse(id, 'log', { at: '2026-12-07T10:00:00.000Z', channel: 'stdout', message });
const DONE = sse('30-0', 'done', { id: 'inv-1', status: 'succeeded' });

async function follow(
  answers: FakeAnswer[],
  options: { lastEventId?: string; signal?: AbortSignal; maxReconnects?: number } = {},
) {
  const fake = fakeFetch(...answers);
  const events: InvocationEvent[] = [];
  let error: unknown;
  try {
    for await (const event of followInvocationEvents(
      {
        url: URL,
        headers: { 'X-Workspace-Auth-Token': 't' },
        fetch: fake.fetch,
        maxReconnects: options.maxReconnects ?? 3,
        reconnectDelayMs: 1,
      },
      options,
    )) {
      events.push(event);
    }
  } catch (caught) {
    error = caught;
  }
  return { events, error, requests: fake.requests };
}

const summary = (events: InvocationEvent[]) =>
  events.map((event) =>
    event.type === 'log' ? `log ${event.data.message}` : `${event.type} ${event.id}`,
  );

describe('followInvocationEvents (API.md 5.17)', () => {
  it('should yield typed status, log and done events and stop after done', async () => {
    const { events, error, requests } = await follow([
      { pieces: [': keepalive\n\n', STATUS, log('20-0', 'one'), DONE, log('40-0', 'after')] },
    ]);

    expect(error).toBeUndefined();
    expect(summary(events)).toEqual(['status 10-0', 'log one', 'done 30-0']);
    expect(events[2]).toEqual({
      id: '30-0',
      type: 'done',
      data: { id: 'inv-1', status: 'succeeded' },
    });
    expect(requests).toHaveLength(1);
    expect(requests[0]?.headers.get('accept')).toBe('text/event-stream');
    expect(requests[0]?.headers.get('x-workspace-auth-token')).toBe('t');
    expect(requests[0]?.headers.get('last-event-id')).toBeNull();
  });

  it('should resume after a gateway cut mid-event with Last-Event-ID: nothing lost, nothing twice', async () => {
    const half = log('21-0', 'two').slice(0, 20);
    const { events, error, requests } = await follow([
      // The gateway ends the response cleanly in the middle of the second log event.
      { pieces: [STATUS, log('20-0', 'one'), half] },
      // A network failure on the next one, after one more event.
      { pieces: [log('21-0', 'two')], cut: true },
      { pieces: [log('22-0', 'three'), DONE] },
    ]);

    expect(error).toBeUndefined();
    expect(summary(events)).toEqual([
      'status 10-0',
      'log one',
      'log two',
      'log three',
      'done 30-0',
    ]);
    expect(requests.map((request) => request.headers.get('last-event-id'))).toEqual([
      null,
      '20-0',
      '21-0',
    ]);
  });

  it('should send the caller lastEventId on the first request', async () => {
    const { requests } = await follow([{ pieces: [DONE] }], { lastEventId: '20-0' });
    expect(requests[0]?.headers.get('last-event-id')).toBe('20-0');
  });

  it('should throw a non-retryable error at once, with its envelope', async () => {
    const { events, error, requests } = await follow([
      {
        status: 404,
        json: { error: { code: 'not_found', message: 'invocation not found', retryable: false } },
      },
    ]);

    expect(events).toEqual([]);
    expect(requests).toHaveLength(1);
    expect(error).toBeInstanceOf(WorkspaceApiError);
    expect(error).toMatchObject({
      status: 404,
      code: 'not_found',
      message: 'invocation not found',
    });
  });

  it('should retry a retryable refusal (503 while a replica drains) and then follow', async () => {
    const unavailable = {
      status: 503,
      json: {
        error: { code: 'unavailable', message: 'service is shutting down', retryable: true },
      },
    };
    const { events, error } = await follow([unavailable, { pieces: [STATUS, DONE] }]);
    expect(error).toBeUndefined();
    expect(summary(events)).toEqual(['status 10-0', 'done 30-0']);
  });

  it('should give up after maxReconnects consecutive failures without an event', async () => {
    const { events, error, requests } = await follow(
      [{ pieces: [STATUS] }, { pieces: [] }, { pieces: [], cut: true }],
      { maxReconnects: 2 },
    );
    expect(summary(events)).toEqual(['status 10-0']);
    expect(requests).toHaveLength(3);
    expect(error).toBeInstanceOf(Error);
  });

  it('should stop with the abort reason when the signal fires, and not reconnect', async () => {
    const controller = new AbortController();
    const fake = fakeFetch({ pieces: [STATUS, log('20-0', 'one')] }, { pieces: [DONE] });
    const seen: string[] = [];
    const run = (async () => {
      for await (const event of followInvocationEvents(
        { url: URL, headers: {}, fetch: fake.fetch, maxReconnects: 3, reconnectDelayMs: 1 },
        { signal: controller.signal },
      )) {
        seen.push(event.type);
        if (event.type === 'log') {
          controller.abort(new Error('caller left'));
        }
      }
    })();

    await expect(run).rejects.toThrow('caller left');
    expect(seen).toEqual(['status', 'log']);
    expect(fake.requests).toHaveLength(1);
  });
});
