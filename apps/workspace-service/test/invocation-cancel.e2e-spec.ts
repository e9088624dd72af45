import { Module } from '@nestjs/common';
import { Type } from '@sinclair/typebox';
import { ServiceState } from '#app/http';
import { InFlightInvocations } from '#app/sessions';
import {
  Tool,
  ToolArgs,
  type ToolContext,
  type ToolHandler,
  type ToolResult,
} from '#app/tool-registry';
import { startTestApp, type TestApp, type TestResponse } from './support/test-app.js';

const WaitArgs = ToolArgs({ finish: Type.Optional(Type.Boolean()) });

/** Runs until it is cancelled (or, with `finish`, returns at once). */
@Tool({
  name: 'fixture.wait',
  description: 'Cancel fixture: waits for its cancellation signal.',
  inputSchema: WaitArgs,
  outputSchema: Type.Unknown(),
  scope: 'workspace',
  sideEffects: 'none',
  riskLevel: 'low',
  requiresApproval: false,
  idempotency: 'guaranteed',
  timeoutSeconds: 120,
  maxRetries: 0,
})
class FixtureWaitTool implements ToolHandler<typeof WaitArgs> {
  async execute({ args, signal }: ToolContext<typeof WaitArgs>): Promise<ToolResult> {
    if (args.finish !== true) {
      await new Promise<void>((resolve) => signal.addEventListener('abort', () => resolve()));
    }
    return { output: { done: true } };
  }
}

@Module({ providers: [FixtureWaitTool] })
class WaitModule {}

const TOKEN = 'cancel-token';
const owner = {
  'X-Workspace-Auth-Token': TOKEN,
  'X-Workspace-Tenant-Id': 'acme',
  'X-Workspace-Actor-Id': 'alice',
  'X-Workspace-Roles': 'developer',
};
const CANCELLED = { code: 'cancelled', message: 'invocation cancelled', retryable: false };

async function until<T>(what: string, probe: () => Promise<T | undefined>): Promise<T> {
  const deadline = Date.now() + 20_000;
  for (;;) {
    const value = await probe();
    if (value !== undefined) {
      return value;
    }
    if (Date.now() > deadline) {
      throw new Error(`${what}: not seen within 20 s`);
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

// Issue 14 part 3: POST /v1/invocations/{id}/cancel (API.md 5.18), in-process with memory stores.
describe('cancel a running invocation (API.md 5.18)', () => {
  let t: TestApp;
  let sessionId: string;

  beforeAll(async () => {
    t = await startTestApp(
      { WORKSPACE_AUTH_MODE: 'trusted_headers', WORKSPACE_AUTH_SHARED_TOKEN: TOKEN },
      { toolModules: [WaitModule] },
    );
    const created = await t.request('POST', '/v1/sessions', { body: {}, headers: owner });
    sessionId = created.body['session'].id as string;
  });
  afterAll(() => t.close());

  /** Starts a synchronous invoke held open, and finds its running record through its correlation id. */
  async function startWaiting(
    correlation: string,
  ): Promise<{ id: string; pending: Promise<TestResponse> }> {
    const url = `/v1/sessions/${sessionId}/tools/fixture.wait/invoke`;
    const body = { correlation_id: correlation };
    const pending = t.request('POST', url, { body, headers: owner });
    const id = await until('running invocation', async () => {
      const replay = await t.request('POST', url, { body, headers: owner });
      const record = replay.body['invocation'];
      // Running in the handler, not only recorded: the cancel must reach the abort controller.
      return replay.status === 409 && t.app.get(InFlightInvocations).size > 0
        ? (record.id as string)
        : undefined;
    });
    return { id, pending };
  }

  it('should answer 202 with the running record, end it cancelled, and answer the sync caller 409 cancelled', async () => {
    const { id, pending } = await startWaiting('c-1');

    const cancel = await t.request('POST', `/v1/invocations/${id}/cancel`, { headers: owner });
    expect(cancel.status).toBe(202);
    expect(cancel.body['invocation']).toMatchObject({ id, status: 'running' });
    expect(cancel.body).not.toHaveProperty('error');

    const answer = await pending;
    expect(answer.status).toBe(409);
    expect(answer.body['error']).toEqual(CANCELLED);
    expect(answer.body['invocation']).toMatchObject({ id, status: 'cancelled', error: CANCELLED });

    const read = await t.request('GET', `/v1/invocations/${id}`, { headers: owner });
    expect(read.body['invocation']).toMatchObject({ status: 'cancelled', error: CANCELLED });
    const audit = t.logs.filter(
      (line) => line['msg'] === 'audit.tool_invocation' && line['invocation_id'] === id,
    );
    expect(audit).toEqual([
      expect.objectContaining({ status: 'cancelled', error_code: 'cancelled' }),
    ]);
    const metrics = await t.request('GET', '/metrics');
    expect(metrics.text).toContain(
      'workspace_invocations_total{tool="fixture.wait",status="cancelled"} 1',
    );
  }, 30_000);

  it('should answer 409 conflict for a finished invocation', async () => {
    const done = await t.request('POST', `/v1/sessions/${sessionId}/tools/fixture.wait/invoke`, {
      body: { args: { finish: true } },
      headers: owner,
    });
    expect(done.status).toBe(200);
    const finishedId = done.body['invocation'].id as string;
    const again = await t.request('POST', `/v1/invocations/${finishedId}/cancel`, {
      headers: owner,
    });
    expect(again.status).toBe(409);
    expect(again.body).toEqual({
      error: { code: 'conflict', message: 'invocation is not running', retryable: false },
    });
    const read = await t.request('GET', `/v1/invocations/${finishedId}`, { headers: owner });
    expect(read.body['invocation'].status).toBe('succeeded');
  });

  it('should ignore the body of a cancel, and answer a cancel after the end 409', async () => {
    const { id, pending } = await startWaiting('c-2');
    const first = await t.request('POST', `/v1/invocations/${id}/cancel`, {
      headers: owner,
      rawBody: 'not json at all',
    });
    expect(first.status).toBe(202);
    const answer = await pending;
    expect(answer.body['invocation'].status).toBe('cancelled');
    // Never read, so never too large either.
    const late = await t.request('POST', `/v1/invocations/${id}/cancel`, {
      headers: owner,
      rawBody: 'x'.repeat(2 * 1024 * 1024 + 1),
    });
    expect(late.status).toBe(409);
  }, 30_000);

  it('should refuse another principal as GET does, and leave the invocation running', async () => {
    const { id, pending } = await startWaiting('c-3');
    const eve = { ...owner, 'X-Workspace-Actor-Id': 'eve' };
    const other = await t.request('POST', `/v1/invocations/${id}/cancel`, { headers: eve });
    const read = await t.request('GET', `/v1/invocations/${id}`, { headers: eve });
    expect(other.status).toBe(403);
    expect(other.body).toEqual(read.body);
    expect(other.body['error'].code).toBe('policy_denied');
    const anonymous = await t.request('POST', `/v1/invocations/${id}/cancel`);
    expect(anonymous.status).toBe(401);
    const encoded = await t.request('POST', `/v1/invocations/${encodeURIComponent(id)}%2F/cancel`, {
      headers: eve,
    });
    expect([403, 404]).toContain(encoded.status);
    const unknown = await t.request('POST', '/v1/invocations/inv-0000000000000000/cancel', {
      headers: owner,
    });
    expect(unknown.status).toBe(404);

    expect(
      (await t.request('GET', `/v1/invocations/${id}`, { headers: owner })).body['invocation']
        .status,
    ).toBe('running');
    expect(
      (await t.request('POST', `/v1/invocations/${id}/cancel`, { headers: owner })).status,
    ).toBe(202);
    expect((await pending).status).toBe(409);
  }, 30_000);

  it('should serve a cancel while draining, so the drain need not wait for the invocation', async () => {
    const { id, pending } = await startWaiting('c-4');
    const state = t.app.get(ServiceState);
    state.draining = true;
    try {
      const elsewhere = await t.request('GET', `/v1/invocations/${id}`, { headers: owner });
      expect(elsewhere.status).toBe(503);
      const cancel = await t.request('POST', `/v1/invocations/${id}/cancel`, { headers: owner });
      expect(cancel.status).toBe(202);
      const stranger = { ...owner, 'X-Workspace-Actor-Id': 'eve' };
      const refused = await t.request('POST', `/v1/invocations/${id}/cancel`, {
        headers: stranger,
      });
      expect(refused.status).toBe(403);
    } finally {
      state.draining = false;
    }
    expect((await pending).body['invocation'].status).toBe('cancelled');
  }, 30_000);
});
