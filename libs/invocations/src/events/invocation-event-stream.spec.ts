import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Invocation, JsonValue } from '#app/contracts';
import { JsonLogger } from '#app/observability';
import { type InvocationStore, MemoryInvocationEvents, SystemClock } from '#app/stores';
import type { InvocationHydrator } from '../invocation-hydrator.js';
import type { LostInvocations } from '../lost-invocations.js';
import { EventStreamTimings } from './event-stream-timings.js';
import { InvocationEventStream } from './invocation-event-stream.js';

// API.md 5.17: a client that resumes with the id of `done` (or later) already has the whole
// stream. Before the fix it waited a keepalive tick and then got `done` a second time.

const RUNNING = { id: 'inv-1', session_id: 's1', status: 'running' } as unknown as Invocation;
const FINISHED = { ...RUNNING, status: 'succeeded' } as Invocation;

interface Answer {
  status: number;
  body: string;
}

describe('InvocationEventStream resuming at or after done', () => {
  let events: MemoryInvocationEvents;
  let record: Invocation;
  let stream: InvocationEventStream;
  let server: Server;
  let port: number;
  /** What the route hands to `serve`: the record as read when the request arrived. */
  let readByRoute: Invocation;

  beforeEach(async () => {
    events = new MemoryInvocationEvents(new SystemClock(), 0);
    record = FINISHED;
    const store = { get: async () => record } as unknown as InvocationStore;
    const hydrator = { hydrate: async (one: Invocation) => one } as unknown as InvocationHydrator;
    const lost = { settle: async (one: Invocation) => one } as unknown as LostInvocations;
    const timings = new EventStreamTimings();
    timings.keepaliveMs = 50;
    stream = new InvocationEventStream(
      events,
      store,
      hydrator,
      lost,
      timings,
      new JsonLogger('error', () => undefined),
    );
    server = createServer((request, response) => {
      const lastEventId = request.headers['last-event-id'];
      void stream.serve(
        readByRoute,
        typeof lastEventId === 'string' ? lastEventId : null,
        request,
        response,
      );
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as AddressInfo).port;
    await events.append('inv-1', [
      { event: 'status', data: { status: 'running' } },
      { event: 'log', data: { message: 'step 1' } },
      { event: 'done', data: FINISHED as unknown as JsonValue },
    ]);
  });

  afterEach(async () => {
    stream.onModuleDestroy();
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  async function get(lastEventId: string | null, method = 'GET'): Promise<Answer> {
    const response = await fetch(`http://127.0.0.1:${port}/`, {
      method,
      headers: lastEventId === null ? {} : { 'last-event-id': lastEventId },
      signal: AbortSignal.timeout(5_000),
    });
    return { status: response.status, body: await response.text() };
  }

  const storedIds = async (): Promise<string[]> =>
    (await events.read('inv-1', null)).map((event) => event.id);

  it('should answer 204 without a body when the cursor is the id of done', async () => {
    readByRoute = FINISHED;
    const [, , doneId] = await storedIds();

    expect(await get(doneId ?? '')).toEqual({ status: 204, body: '' });
    expect(await get(doneId ?? '', 'HEAD')).toEqual({ status: 204, body: '' });
  });

  it('should answer 204 when the cursor is after done', async () => {
    readByRoute = FINISHED;

    expect(await get('999999-0')).toEqual({ status: 204, body: '' });
  });

  it('should still send what follows a cursor before done, done last, once', async () => {
    readByRoute = FINISHED;
    const [statusId, logId, doneId] = await storedIds();

    const answer = await get(statusId ?? '');

    expect(answer.status).toBe(200);
    expect(answer.body.match(/^id: .*$/gm)).toEqual([`id: ${logId}`, `id: ${doneId}`]);
  });

  it('should end a stream opened while running, once the record finished, without a second done', async () => {
    // The route read the record just before it finished; the client already holds done's id.
    readByRoute = RUNNING;
    const [, , doneId] = await storedIds();

    const answer = await get(doneId ?? '');

    expect(answer.status).toBe(200);
    expect(answer.body).not.toContain('event: done');
  });
});
