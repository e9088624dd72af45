import { createHash } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { Module } from '@nestjs/common';
import { Type } from '@sinclair/typebox';
import {
  type InvocationEvent,
  WorkspaceApiError,
  WorkspaceClient,
  type WorkspaceClientOptions,
} from '#app/client';
import type { LogLine } from '#app/contracts';
import {
  Tool,
  ToolArgs,
  ToolOutput,
  type ToolContext,
  type ToolHandler,
  type ToolResult,
} from '#app/tool-registry';
import { connectSse } from './support/sse-client.js';
import { startTestApp, type TestApp } from './support/test-app.js';

// The typed client (libs/client) against the real service on a listening port: sessions, invoke,
// async invoke with live events (through a gateway that cuts every stream), cancel, artifacts,
// and the refusals another principal gets — each answered as WorkspaceApiError.

/** Holds the running tool until the test releases it (or the invocation is cancelled). */
let release: () => void = () => undefined;
let held: Promise<void> = Promise.resolve();
const arm = (): void => {
  held = new Promise((resolve) => {
    release = resolve;
  });
};

const TicksArgs = ToolArgs({
  lines: Type.Integer({ minimum: 0, maximum: 50, default: 2 }),
  hold: Type.Boolean({ default: false }),
});

@Tool({
  name: 'client.ticks',
  scope: 'workspace',
  description: 'Test tool reporting live progress, optionally held until released.',
  inputSchema: TicksArgs,
  outputSchema: ToolOutput({ ticks: Type.Integer() }),
  sideEffects: 'none',
  riskLevel: 'low',
  requiresApproval: false,
  idempotency: 'guaranteed',
  timeoutSeconds: 60,
  maxRetries: 0,
})
class TicksTool implements ToolHandler<typeof TicksArgs> {
  async execute(ctx: ToolContext<typeof TicksArgs>): Promise<ToolResult> {
    const logs: LogLine[] = [];
    for (let index = 1; index <= ctx.args.lines; index++) {
      const entry = { at: new Date().toISOString(), channel: 'stdout', message: `tick ${index}` };
      logs.push(entry);
      ctx.progress?.log(entry);
    }
    if (ctx.args.hold) {
      await Promise.race([
        held,
        new Promise<void>((resolve) => ctx.signal.addEventListener('abort', () => resolve())),
      ]);
    }
    return { output: { ticks: ctx.args.lines }, logs };
  }
}

@Module({ providers: [TicksTool] })
class TicksToolsModule {}

const TOKEN = 'client-e2e-token';

/**
 * A fetch standing for a gateway that cuts every event stream after its first event, in the
 * middle of the next one: the client must resume each time with Last-Event-ID.
 */
function cuttingGateway(): { fetch: (request: Request) => Promise<Response>; cuts: number } {
  const gateway = {
    cuts: 0,
    async fetch(request: Request): Promise<Response> {
      const response = await fetch(request);
      if (!request.url.endsWith('/events') || response.body === null) {
        return response;
      }
      const reader = response.body.getReader();
      const decoder = new TextDecoder();
      let seen = '';
      const body = new ReadableStream<Uint8Array>({
        async pull(controller) {
          const { done, value } = await reader.read();
          if (done) {
            controller.close();
            return;
          }
          seen += decoder.decode(value, { stream: true });
          const firstEvent = seen.indexOf('\n\n', seen.indexOf('event:'));
          if (seen.includes('event:') && firstEvent >= 0) {
            // Everything up to the first event's end, then half a line of the next: cut.
            const keep = Math.min(seen.length, firstEvent + 2 + 12);
            const already = seen.length - value.length;
            controller.enqueue(value.subarray(0, Math.max(0, keep - already)));
            gateway.cuts += 1;
            await reader.cancel();
            controller.error(new TypeError('terminated: gateway cut the stream'));
            return;
          }
          controller.enqueue(value);
        },
        async cancel() {
          await reader.cancel();
        },
      });
      return new Response(body, { status: response.status, headers: response.headers });
    },
  };
  return gateway;
}

describe('WorkspaceClient against the service (libs/client, API.md 5)', () => {
  let t: TestApp;
  let base: string;
  const as = (actor: string, extra: Partial<WorkspaceClientOptions> = {}): WorkspaceClient =>
    new WorkspaceClient({
      baseUrl: base,
      auth: { token: TOKEN, tenant: 'acme', actor, roles: ['developer'] },
      reconnectDelayMs: 10,
      ...extra,
    });

  beforeAll(async () => {
    t = await startTestApp(
      { WORKSPACE_AUTH_MODE: 'trusted_headers', WORKSPACE_AUTH_SHARED_TOKEN: TOKEN },
      { toolModules: [TicksToolsModule] },
    );
    await t.app.listen({ port: 0, host: '127.0.0.1' });
    base = `http://127.0.0.1:${(t.app.getHttpServer().address() as AddressInfo).port}`;
  });

  afterAll(async () => {
    release();
    await t.close();
  });

  beforeEach(arm);
  afterEach(() => release());

  it('should create, read, renew, fork, list tools of and close a session', async () => {
    const alice = as('alice');
    const session = await alice.createSession({ metadata: { purpose: 'client' } });
    expect(session.principal).toEqual({
      tenant_id: 'acme',
      actor_id: 'alice',
      roles: ['developer'],
    });
    expect(await alice.getSession(session.id)).toMatchObject({ id: session.id });

    const renewed = await alice.renewSession(session.id, { ttl_seconds: 7200 });
    expect(Date.parse(renewed.expires_at)).toBeGreaterThan(Date.parse(session.expires_at));

    const fork = await alice.forkSession(session.id, { metadata: { branch: 'b' } });
    expect(fork.forked_from).toBe(session.id);
    expect(fork.metadata).toEqual({ purpose: 'client', branch: 'b' });

    const tools = (await alice.listTools(session.id)).map((tool) => tool.name);
    expect(tools).toContain('client.ticks');
    expect(tools).toContain('fs.read_file');

    expect(await alice.closeSession(fork.id)).toBe(true);
    const gone = await alice.getSession(fork.id).catch((error: unknown) => error);
    expect(gone).toBeInstanceOf(WorkspaceApiError);
    expect(gone).toMatchObject({ status: 404, code: 'not_found', retryable: false });
    await alice.closeSession(session.id);
  });

  it('should invoke, explain, and download the artifacts of an invocation', async () => {
    const alice = as('alice');
    const session = await alice.createSession();

    const decision = await alice.explain(session.id, 'fs.write_file', {
      path: 'notes/a.txt',
      content: 'hola',
    });
    expect(decision).toMatchObject({ allowed: false, code: 'approval_required' });

    const refused = await alice
      .invoke(session.id, 'fs.write_file', { path: 'notes/a.txt', content: 'hola' })
      .catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(WorkspaceApiError);
    expect(refused).toMatchObject({
      status: 428,
      code: 'approval_required',
      invocation: { status: 'denied', tool_name: 'fs.write_file' },
    });

    const written = await alice.invoke(
      session.id,
      'fs.write_file',
      { path: 'notes/a.txt', content: 'hola' },
      { approved: true, correlationId: 'client-write-1' },
    );
    expect(written).toMatchObject({ status: 'succeeded', correlation_id: 'client-write-1' });

    const artifacts = await alice.listArtifacts(written.id);
    const output = artifacts.find((artifact) => artifact.name === 'invocation-output.json');
    expect(output).toBeDefined();
    const bytes = await alice.downloadArtifact(written.id, output?.id ?? '');
    expect(bytes.byteLength).toBe(output?.size_bytes);
    expect(createHash('sha256').update(bytes).digest('hex')).toBe(output?.sha256);
    const stream = await alice.downloadArtifactStream(written.id, output?.id ?? '');
    expect(stream.contentType).toMatch(/^application\/json/);
    expect(new Uint8Array(await new Response(stream.body).arrayBuffer())).toEqual(bytes);

    const read = await alice.invoke(session.id, 'fs.read_file', { path: 'notes/a.txt' });
    expect(read.output).toMatchObject({ content: 'hola' });
    await alice.closeSession(session.id);
  });

  it('should follow an async invocation through a gateway that cuts every stream: each event once, in order', async () => {
    const gateway = cuttingGateway();
    const alice = as('alice', { fetch: (request) => gateway.fetch(request) });
    const session = await alice.createSession();

    const running = await alice.invokeAsync(session.id, 'client.ticks', { lines: 5, hold: true });
    expect(running).toMatchObject({ status: 'running', async: true });

    const received: InvocationEvent[] = [];
    for await (const event of alice.events(running.id)) {
      received.push(event);
      if (event.type === 'log' && event.data.message === 'tick 5') {
        release();
      }
    }

    // The same stream read whole afterwards (the stored events are replayed): the reference.
    const whole = await connectSse(`${base}/v1/invocations/${running.id}/events`, {
      headers: {
        'X-Workspace-Auth-Token': TOKEN,
        'X-Workspace-Tenant-Id': 'acme',
        'X-Workspace-Actor-Id': 'alice',
      },
    });
    await whole.ended;
    expect(received.map((event) => `${event.id} ${event.type}`)).toEqual(
      whole.events.map((event) => `${event.id} ${event.event}`),
    );
    expect(received.filter((event) => event.type === 'log').map((event) => event.data)).toEqual(
      Array.from({ length: 5 }, (_, index) =>
        expect.objectContaining({ message: `tick ${index + 1}` }),
      ),
    );
    expect(gateway.cuts).toBeGreaterThanOrEqual(received.length - 1);
    const done = received.at(-1);
    expect(done?.type).toBe('done');
    expect(done?.data).toEqual(await alice.getInvocation(running.id));
    expect(done?.data).toMatchObject({ status: 'succeeded', output: { ticks: 5 } });
    await alice.closeSession(session.id);
  });

  it('should cancel a running invocation; a second cancel after it ended is a conflict', async () => {
    const alice = as('alice');
    const session = await alice.createSession();
    const running = await alice.invokeAsync(session.id, 'client.ticks', { lines: 1, hold: true });

    const events = alice.events(running.id);
    const first = await events.next();
    expect(first.value).toMatchObject({ type: 'status' });

    const cancelled = await alice.cancel(running.id);
    expect(cancelled).toMatchObject({ id: running.id, status: 'running' });

    let done: InvocationEvent | undefined;
    for await (const event of events) {
      done = event;
    }
    expect(done).toMatchObject({
      type: 'done',
      data: { status: 'cancelled', error: { code: 'cancelled', retryable: false } },
    });
    const again = await alice.cancel(running.id).catch((error: unknown) => error);
    expect(again).toBeInstanceOf(WorkspaceApiError);
    expect(again).toMatchObject({ status: 409, code: 'conflict' });
    await alice.closeSession(session.id);
  });

  it("should refuse another principal and an unauthenticated caller everything of alice's", async () => {
    const alice = as('alice');
    const session = await alice.createSession();
    const running = await alice.invokeAsync(session.id, 'client.ticks', { lines: 0, hold: true });
    const eve = as('eve');
    const anonymous = new WorkspaceClient({ baseUrl: base });
    const refusal = (promise: Promise<unknown>) =>
      promise.then(
        () => 'served',
        (error: unknown) =>
          error instanceof WorkspaceApiError ? `${error.status} ${error.code}` : String(error),
      );
    const drain = async (client: WorkspaceClient): Promise<void> => {
      for await (const event of client.events(running.id)) {
        void event;
      }
    };

    expect({
      get: await refusal(eve.getSession(session.id)),
      tools: await refusal(eve.listTools(session.id)),
      invoke: await refusal(eve.invoke(session.id, 'client.ticks')),
      invocation: await refusal(eve.getInvocation(running.id)),
      events: await refusal(drain(eve)),
      cancel: await refusal(eve.cancel(running.id)),
      fork: await refusal(eve.forkSession(session.id)),
      close: await refusal(eve.closeSession(session.id)),
      anonymous: await refusal(anonymous.getSession(session.id)),
      anonymousEvents: await refusal(drain(anonymous)),
    }).toEqual({
      get: '403 policy_denied',
      tools: '403 policy_denied',
      invoke: '403 policy_denied',
      invocation: '403 policy_denied',
      events: '403 policy_denied',
      cancel: '403 policy_denied',
      fork: '403 policy_denied',
      close: '403 policy_denied',
      anonymous: '401 unauthorized',
      anonymousEvents: '401 unauthorized',
    });
    // Nothing of eve's reached the invocation: it still runs, alice's to finish.
    expect((await alice.getInvocation(running.id)).status).toBe('running');
    release();
    await alice.closeSession(session.id);
  });
});

describe('WorkspaceClient approval requests (API.md 5.19–5.22, 7.3)', () => {
  let t: TestApp;
  let base: string;
  const as = (actor: string, roles: string[]): WorkspaceClient =>
    new WorkspaceClient({ baseUrl: base, auth: { token: TOKEN, tenant: 'acme', actor, roles } });

  beforeAll(async () => {
    t = await startTestApp({
      WORKSPACE_AUTH_MODE: 'trusted_headers',
      WORKSPACE_AUTH_SHARED_TOKEN: TOKEN,
      WORKSPACE_APPROVAL_MODE: 'request',
    });
    await t.app.listen({ port: 0, host: '127.0.0.1' });
    base = `http://127.0.0.1:${(t.app.getHttpServer().address() as AddressInfo).port}`;
  });

  afterAll(() => t.close());

  it('should carry the approval request on the 428, let an approver approve it, and run the call once with it', async () => {
    const alice = as('alice', ['developer']);
    const carol = as('carol', ['approver']);
    const session = await alice.createSession();
    const args = { path: 'notes/a.txt', content: 'hola' };

    const refused = await alice
      .invoke(session.id, 'fs.write_file', args)
      .catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(WorkspaceApiError);
    const request = (refused as WorkspaceApiError).approvalRequest;
    expect(refused).toMatchObject({ status: 428, code: 'approval_required' });
    expect(request).toMatchObject({ status: 'pending', tool_name: 'fs.write_file', args });

    // Not an approver: refused before any lookup.
    const notApprover = await alice.listApprovals().catch((error: unknown) => error);
    expect(notApprover).toMatchObject({ status: 403, code: 'policy_denied' });

    const pending = await carol.listApprovals();
    expect(pending.map((approval) => approval.id)).toContain(request?.id);
    expect(await carol.getApproval(request?.id ?? '')).toMatchObject({ status: 'pending' });
    const approved = await carol.approve(request?.id ?? '', 'looks right');
    expect(approved).toMatchObject({
      status: 'approved',
      reason: 'looks right',
      decided_by: { tenant: 'acme', actor: 'carol' },
    });

    const written = await alice.invoke(session.id, 'fs.write_file', args, {
      approvalId: request?.id ?? '',
    });
    expect(written.status).toBe('succeeded');
    const reused = await alice
      .invoke(session.id, 'fs.write_file', args, { approvalId: request?.id ?? '' })
      .catch((error: unknown) => error);
    expect(reused).toMatchObject({ status: 428, code: 'approval_required' });
    expect((await carol.listApprovals('used')).map((approval) => approval.id)).toContain(
      request?.id,
    );

    // A denied request stays denied: deciding it again is a conflict.
    const secondRefusal: unknown = await alice
      .invoke(session.id, 'fs.write_file', { path: 'notes/b.txt', content: 'x' })
      .catch((error: unknown) => error);
    const second = (secondRefusal as WorkspaceApiError).approvalRequest?.id ?? '';
    expect(await carol.deny(second, 'no')).toMatchObject({ status: 'denied' });
    const again = await carol.approve(second).catch((error: unknown) => error);
    expect(again).toMatchObject({ status: 409, code: 'conflict' });
    await alice.closeSession(session.id);
  });
});
