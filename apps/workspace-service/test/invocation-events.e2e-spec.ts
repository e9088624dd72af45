import type { AddressInfo } from 'node:net';
import { jest } from '@jest/globals';
import { Module } from '@nestjs/common';
import { Type } from '@sinclair/typebox';
import type { LogLine } from '#app/contracts';
import { EventStreamTimings, InvocationEventStream } from '#app/invocations';
import { InFlightInvocations } from '#app/sessions';
import { InvocationEvents, type MemoryInvocationEvents } from '#app/stores';
import {
  Tool,
  ToolArgs,
  ToolOutput,
  type ToolContext,
  type ToolDefinition,
  type ToolHandler,
  type ToolResult,
} from '#app/tool-registry';
import { connectSse, hasDone, type SseEvent } from './support/sse-client.js';
import { startTestApp, type TestApp } from './support/test-app.js';

// API.md 5.10 (async) and 5.17 (events), in process over a real port: a test tool reports
// progress through ctx.progress and holds until the test lets it finish, so "log events arrive
// before done" is observed, not inferred.

/** Lets a test hold the running tool until it decides; re-armed by each test. */
class Hold {
  private release: () => void = () => undefined;
  private done: Promise<void> = Promise.resolve();

  arm(): void {
    this.done = new Promise((resolve) => {
      this.release = resolve;
    });
  }

  wait(signal: AbortSignal): Promise<void> {
    return Promise.race([
      this.done,
      new Promise<void>((resolve) => signal.addEventListener('abort', () => resolve())),
    ]);
  }

  open(): void {
    this.release();
  }
}

const hold = new Hold();

const ProgressArgs = ToolArgs({
  lines: Type.Integer({ minimum: 0, maximum: 50, default: 2 }),
  hold: Type.Boolean({ default: false }),
});

const TEST_TOOL: Omit<ToolDefinition<typeof ProgressArgs>, 'name' | 'scope'> = {
  description: 'Test tool reporting live progress.',
  inputSchema: ProgressArgs,
  outputSchema: ToolOutput({ ok: Type.Boolean() }),
  sideEffects: 'none',
  riskLevel: 'low',
  requiresApproval: false,
  idempotency: 'guaranteed',
  timeoutSeconds: 60,
  maxRetries: 0,
};

const line = (message: string): LogLine => ({
  at: new Date().toISOString(),
  channel: 'stdout',
  message,
});

@Tool({ ...TEST_TOOL, name: 'progress.ticks', scope: 'workspace' })
class ProgressTicksTool implements ToolHandler<typeof ProgressArgs> {
  async execute(ctx: ToolContext<typeof ProgressArgs>): Promise<ToolResult> {
    const logs: LogLine[] = [];
    const report = (message: string): void => {
      const entry = line(message);
      logs.push(entry);
      ctx.progress?.log(entry);
    };
    for (let index = 1; index <= ctx.args.lines; index++) {
      report(`tick ${index}`);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    if (ctx.args.hold) {
      await hold.wait(ctx.signal);
      report('released');
    }
    return { output: { ok: true }, logs };
  }
}

/** Returns logs but reports no progress: its logs reach the stream just before `done`. */
@Tool({ ...TEST_TOOL, name: 'progress.quiet', scope: 'workspace' })
class QuietTool implements ToolHandler<typeof ProgressArgs> {
  async execute(): Promise<ToolResult> {
    return { output: { ok: true }, logs: [line('quiet one'), line('quiet two')] };
  }
}

/** Denied to the `developer` role by the scope policy: an async refusal answers as a sync one. */
@Tool({ ...TEST_TOOL, name: 'progress.external', scope: 'external' })
class ExternalTool implements ToolHandler<typeof ProgressArgs> {
  async execute(): Promise<ToolResult> {
    return { output: { ok: true } };
  }
}

@Module({ providers: [ProgressTicksTool, QuietTool, ExternalTool] })
class ProgressToolsModule {}

const AUTH = { 'X-Workspace-Auth-Token': 't0k3n', 'X-Workspace-Tenant-Id': 'acme' };
const ALICE = { ...AUTH, 'X-Workspace-Actor-Id': 'alice', 'X-Workspace-Roles': 'developer' };
const EVE = { ...AUTH, 'X-Workspace-Actor-Id': 'eve', 'X-Workspace-Roles': 'developer' };

const messages = (events: SseEvent[]): string[] =>
  events.filter((event) => event.event === 'log').map((event) => event.data.message as string);

async function until(what: string, check: () => boolean, boundMs = 30_000): Promise<void> {
  const deadline = Date.now() + boundMs;
  while (!check()) {
    if (Date.now() > deadline) {
      throw new Error(`${what}: not within ${boundMs} ms`);
    }
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

describe('async invoke and invocation events (API.md 5.10, 5.17)', () => {
  let t: TestApp;
  let base: string;
  let sessionId: string;

  const invoke = (tool: string, body: object, headers = ALICE) =>
    t.request('POST', `/v1/sessions/${sessionId}/tools/${tool}/invoke`, { body, headers });
  const events = (
    id: string,
    options: { headers?: Record<string, string>; lastEventId?: string } = {},
  ) =>
    connectSse(`${base}/v1/invocations/${id}/events`, {
      headers: options.headers ?? ALICE,
      ...(options.lastEventId !== undefined ? { lastEventId: options.lastEventId } : {}),
    });

  beforeAll(async () => {
    t = await startTestApp(
      { WORKSPACE_AUTH_MODE: 'trusted_headers', WORKSPACE_AUTH_SHARED_TOKEN: 't0k3n' },
      { toolModules: [ProgressToolsModule] },
    );
    await t.app.listen({ port: 0, host: '127.0.0.1' });
    base = `http://127.0.0.1:${(t.app.getHttpServer().address() as AddressInfo).port}`;
    const created = await t.request('POST', '/v1/sessions', { body: {}, headers: ALICE });
    expect(created.status).toBe(201);
    sessionId = created.body.session.id as string;
  });

  afterAll(async () => {
    hold.open();
    await t.close();
  });

  beforeEach(() => {
    hold.arm();
    t.app.get(EventStreamTimings).keepaliveMs = 15_000;
  });

  afterEach(() => {
    hold.open();
  });

  it('should answer 202 with the running record and Location, then finish the invocation in the background', async () => {
    const response = await invoke('progress.ticks', { async: true, args: { hold: true } });

    expect(response.status).toBe(202);
    const invocation = response.body.invocation;
    expect(invocation).toMatchObject({
      status: 'running',
      async: true,
      tool_name: 'progress.ticks',
    });
    expect(response.headers['location']).toBe(`/v1/invocations/${invocation.id}`);
    const running = await t.request('GET', `/v1/invocations/${invocation.id}`, { headers: ALICE });
    expect(running.body.invocation.status).toBe('running');

    hold.open();
    let final = running.body.invocation;
    const deadline = Date.now() + 30_000;
    while (final.status === 'running' && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 50));
      final = (await t.request('GET', `/v1/invocations/${invocation.id}`, { headers: ALICE })).body
        .invocation;
    }
    expect(final).toMatchObject({ status: 'succeeded', async: true, output: { ok: true } });
    expect(final.logs.map((entry: LogLine) => entry.message)).toEqual([
      'tick 1',
      'tick 2',
      'released',
    ]);
    const audit = t.logs.filter(
      (entry) =>
        entry['msg'] === 'audit.tool_invocation' && entry['invocation_id'] === invocation.id,
    );
    expect(audit).toHaveLength(1);
  });

  it('should stream status and log events before done, and done carries the record GET returns', async () => {
    const started = await invoke('progress.ticks', { async: true, args: { hold: true } });
    const id = started.body.invocation.id as string;
    const stream = await events(id);
    expect(stream.status).toBe(200);
    expect(stream.headers['content-type']).toMatch(/^text\/event-stream/);
    expect(stream.headers['cache-control']).toBe('no-cache');
    expect(stream.headers['x-accel-buffering']).toBe('no');

    // The tool is held: these events can only have come while it runs.
    const live = await stream.waitFor((received) => messages(received).length === 2);
    expect(live.map((event) => event.event)).toEqual(['status', 'log', 'log']);
    expect(live[0]?.data).toMatchObject({ status: 'running' });
    expect(hasDone(live)).toBe(false);

    hold.open();
    await stream.ended;
    expect(messages(stream.events)).toEqual(['tick 1', 'tick 2', 'released']);
    const done = stream.events.at(-1);
    expect(done?.event).toBe('done');
    const read = await t.request('GET', `/v1/invocations/${id}`, { headers: ALICE });
    expect(done?.data).toEqual(read.body.invocation);
    const ids = stream.events.map((event) => event.id as string);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('should resume after Last-Event-ID without duplicates', async () => {
    const started = await invoke('progress.ticks', { async: true, args: { lines: 3, hold: true } });
    const id = started.body.invocation.id as string;
    const first = await events(id);
    const seen = await first.waitFor((received) => messages(received).length === 2);
    first.close();
    const cursor = seen.at(-1)?.id as string;

    hold.open();
    const resumed = await events(id, { lastEventId: cursor });
    await resumed.ended;

    const all = [...seen, ...resumed.events];
    expect(messages(all)).toEqual(['tick 1', 'tick 2', 'tick 3', 'released']);
    expect(resumed.events.at(-1)?.event).toBe('done');
    const ids = all.map((event) => event.id);
    expect(new Set(ids).size).toBe(ids.length);

    const byQuery = await connectSse(
      `${base}/v1/invocations/${id}/events?last_event_id=${encodeURIComponent(cursor)}`,
      { headers: ALICE },
    );
    await byQuery.ended;
    expect(byQuery.events.map((event) => event.id)).toEqual(
      resumed.events.map((event) => event.id),
    );
  });

  it('should replay a finished invocation: its logs, then done, then the end of the stream', async () => {
    const finished = await invoke('progress.ticks', { args: { lines: 2 } });
    expect(finished.status).toBe(200);

    const stream = await events(finished.body.invocation.id as string);
    await stream.ended;

    expect(stream.events.map((event) => event.event)).toEqual(['status', 'log', 'log', 'done']);
    expect(stream.events.at(-1)?.data).toEqual(finished.body.invocation);
  });

  it('should carry the logs of a tool that reported no progress just before done', async () => {
    const finished = await invoke('progress.quiet', {});

    const stream = await events(finished.body.invocation.id as string);
    await stream.ended;

    expect(stream.events.map((event) => event.event)).toEqual(['status', 'log', 'log', 'done']);
    expect(messages(stream.events)).toEqual(['quiet one', 'quiet two']);
  });

  it('should replay from the record when the stored stream is gone', async () => {
    const finished = await invoke('progress.ticks', { args: { lines: 2 } });
    const id = finished.body.invocation.id as string;
    // A memory store restarted (or a Valkey stream expired) keeps the record but not the events.
    const store = t.app.get(InvocationEvents);
    const original = store.read.bind(store);
    const spy = jest
      .spyOn(store, 'read')
      .mockImplementation(async (invocationId, ...rest) =>
        invocationId === id ? [] : original(invocationId, ...rest),
      );
    try {
      const stream = await events(id);
      await stream.ended;

      expect(stream.events.map((event) => `${event.event} ${event.id}`)).toEqual([
        'log 0-1',
        'log 0-2',
        'done 0-3',
      ]);
      expect(stream.events.at(-1)?.data).toEqual(finished.body.invocation);
    } finally {
      spy.mockRestore();
    }
  });

  it('should send a keepalive comment on an idle stream', async () => {
    t.app.get(EventStreamTimings).keepaliveMs = 100;
    const started = await invoke('progress.ticks', { async: true, args: { lines: 0, hold: true } });
    const stream = await events(started.body.invocation.id as string);

    await expect(stream.waitForComment()).resolves.toBe('keepalive');
    stream.close();
  });

  it('should release the subscription when the client goes away, the invocation running on', async () => {
    const store = t.app.get<InvocationEvents, MemoryInvocationEvents>(InvocationEvents);
    const streams = t.app.get(InvocationEventStream);
    // Streams closed by earlier tests' clients are released asynchronously.
    await until('earlier streams are closed', () => streams.openStreams === 0);
    const before = store.listenerCount;
    expect(before).toBe(0);
    const started = await invoke('progress.ticks', { async: true, args: { hold: true } });
    const id = started.body.invocation.id as string;
    const stream = await events(id);
    await stream.waitFor((received) => messages(received).length === 2);
    expect(store.listenerCount).toBe(before + 1);

    stream.close();

    await until('the subscription is released', () => store.listenerCount === before);
    await until('the stream is closed', () => streams.openStreams === 0);
    hold.open();
    const after = await events(id);
    await after.ended;
    expect(after.events.at(-1)?.data).toMatchObject({ status: 'succeeded' });
  });

  it('should replay a running async invocation with 202 and its current record, a finished one as usual', async () => {
    const body = { async: true, correlation_id: 'async-replay', args: { hold: true } };
    const first = await invoke('progress.ticks', body);
    expect(first.status).toBe(202);

    const replay = await invoke('progress.ticks', body);
    expect(replay.status).toBe(202);
    expect(replay.headers['location']).toBe(`/v1/invocations/${first.body.invocation.id}`);
    expect(replay.body.invocation).toMatchObject({
      id: first.body.invocation.id,
      status: 'running',
    });
    const syncReplay = await invoke('progress.ticks', { ...body, async: false });
    expect(syncReplay.status).toBe(202);

    hold.open();
    const stream = await events(first.body.invocation.id as string);
    await stream.ended;
    const after = await invoke('progress.ticks', body);
    expect(after.status).toBe(200);
    expect(after.body.invocation).toMatchObject({
      id: first.body.invocation.id,
      status: 'succeeded',
    });
  });

  it('should keep 409 for the replay of a running synchronous invocation', async () => {
    const body = { correlation_id: 'sync-replay', args: { hold: true } };
    const running = invoke('progress.ticks', body);
    // Held in its handler: the record is running and owns the correlation key.
    await until('the tool runs', () => t.app.get(InFlightInvocations).size > 0);

    const replay = await invoke('progress.ticks', body);

    expect(replay.status).toBe(409);
    hold.open();
    expect((await running).status).toBe(200);
  });

  it('should answer an async refusal exactly as a synchronous one', async () => {
    const sync = await invoke('progress.external', {});
    const async = await invoke('progress.external', { async: true });

    expect(async.status).toBe(sync.status);
    expect(async.status).toBe(403);
    expect(async.headers['location']).toBeUndefined();
    expect(async.body.error).toEqual(sync.body.error);
    expect(async.body.invocation).toMatchObject({ status: 'denied', async: true });
  });

  it('should refuse a non-boolean async with 400', async () => {
    const response = await invoke('progress.ticks', { async: 'yes' });

    expect(response.status).toBe(400);
  });

  it('should refuse the events of another principal as every invocation route does', async () => {
    const started = await invoke('progress.ticks', { args: { lines: 1 } });
    const id = started.body.invocation.id as string;

    const foreign = await events(id, { headers: EVE });
    await foreign.ended;
    expect(foreign.status).toBe(403);
    expect(JSON.parse(foreign.text()).error.message).toBe(
      'session does not belong to authenticated principal',
    );
    const anonymous = await events(id, { headers: {} });
    await anonymous.ended;
    expect(anonymous.status).toBe(401);
    const unknown = await events('inv-0000000000000000');
    await unknown.ended;
    expect(unknown.status).toBe(404);
    expect(foreign.events).toEqual([]);
  });

  it('should refuse a malformed Last-Event-ID with 400 before streaming', async () => {
    const started = await invoke('progress.ticks', { args: { lines: 1 } });

    const stream = await events(started.body.invocation.id as string, { lastEventId: 'nope' });
    await stream.ended;

    expect(stream.status).toBe(400);
    expect(JSON.parse(stream.text()).error.code).toBe('invalid_argument');
  });
});

const PRINCIPAL = { tenant_id: 'acme', actor_id: 'alice', roles: ['developer'] };

// API.md 1.1's request deadline bounds receiving a request, never how long its answer streams: a
// stream outlives it many times over (here shortened to 1 s) and still gets its `done`.
describe('an event stream outlives the transport deadlines', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp(
      {},
      {
        toolModules: [ProgressToolsModule],
        httpTimeouts: { headersMs: 1000, requestMs: 1000, keepAliveMs: 1000, checkIntervalMs: 100 },
      },
    );
    await t.app.listen({ port: 0, host: '127.0.0.1' });
  });

  afterAll(async () => {
    hold.open();
    await t.close();
  });

  it('should keep streaming past the request deadline until done', async () => {
    hold.arm();
    t.app.get(EventStreamTimings).keepaliveMs = 500;
    const base = `http://127.0.0.1:${(t.app.getHttpServer().address() as AddressInfo).port}`;
    const created = await t.request('POST', '/v1/sessions', { body: { principal: PRINCIPAL } });
    const started = await t.request(
      'POST',
      `/v1/sessions/${created.body.session.id}/tools/progress.ticks/invoke`,
      { body: { async: true, args: { hold: true } } },
    );
    const stream = await connectSse(`${base}/v1/invocations/${started.body.invocation.id}/events`);
    await stream.waitFor((events) => messages(events).length === 2);

    // Several request deadlines and keepalives later, the stream is still open.
    await new Promise((resolve) => setTimeout(resolve, 3500));
    expect(stream.comments.length).toBeGreaterThanOrEqual(2);
    hold.open();
    await stream.ended;

    expect(stream.events.at(-1)?.data).toMatchObject({ status: 'succeeded' });
  });

  it('should answer HEAD with the stream headers only', async () => {
    const created = await t.request('POST', '/v1/sessions', { body: { principal: PRINCIPAL } });
    const finished = await t.request(
      'POST',
      `/v1/sessions/${created.body.session.id}/tools/progress.ticks/invoke`,
      { body: { args: { lines: 1 } } },
    );

    const head = await t.request('HEAD', `/v1/invocations/${finished.body.invocation.id}/events`);

    expect(head.status).toBe(200);
    expect(head.headers['content-type']).toMatch(/^text\/event-stream/);
    expect(head.text).toBe('');
  });
});
