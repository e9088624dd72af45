import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { argsSha256 } from '#app/observability';
import { type JsonBody, startTestApp, type TestApp } from '../support/test-app.js';
import { connectClient, gatewayHeaders, TOKEN } from './mcp-client.js';
import { postInitialize } from './support/raw-mcp.js';

const alice = gatewayHeaders('alice');
const bob = gatewayHeaders('bob', 'approver');
const WRITE = { path: 'notes/a.txt', content: 'hola' };

function envelopeOf(result: CallToolResult): JsonBody {
  const block = result.content[0];
  return JSON.parse(block?.type === 'text' ? block.text : '{}') as JsonBody;
}

// Issue 15: API.md 5.24 "Approval" in request mode (7.3), driven by the official SDK client.
describe('MCP tools/call in approval request mode (API.md 5.24, 7.3)', () => {
  let t: TestApp;
  let base: string;
  const clients: Client[] = [];

  const approvalAudits = (approvalId: string): Array<Record<string, unknown>> =>
    t.logs.filter((line) => line['msg'] === 'audit.approval' && line['approval_id'] === approvalId);

  async function createSession(headers = alice): Promise<string> {
    const response = await t.request('POST', '/v1/sessions', { body: {}, headers });
    expect(response.status).toBe(201);
    return response.body.session.id as string;
  }

  /** A client that declares elicitation and would approve anything it is asked: it must not be. */
  async function connectEager(sessionId: string) {
    const connected = await connectClient(`${base}/v1/sessions/${sessionId}/mcp`, alice, {
      action: 'accept',
      content: { approve: true },
    });
    clients.push(connected.client);
    return connected;
  }

  const write = (client: Client, args: Record<string, unknown>, meta?: Record<string, unknown>) =>
    client.callTool({
      name: 'fs.write_file',
      arguments: args,
      ...(meta ? { _meta: meta } : {}),
    }) as Promise<CallToolResult>;

  beforeAll(async () => {
    t = await startTestApp({
      WORKSPACE_AUTH_MODE: 'trusted_headers',
      WORKSPACE_AUTH_SHARED_TOKEN: TOKEN,
      WORKSPACE_APPROVAL_MODE: 'request',
    });
    await t.app.listen({ port: 0, host: '127.0.0.1' });
    base = (await t.app.getUrl()).replace('[::1]', '127.0.0.1');
  });
  afterAll(async () => {
    await Promise.allSettled(clients.map((client) => client.close()));
    await t.close();
  });

  it('should carry the approval request in the tool error, and run the retry with _meta.approval_id once', async () => {
    const sessionId = await createSession();
    const { client, elicitations } = await connectEager(sessionId);

    // 1. The call: refused, with its approval request where API.md 5.24 says; nobody elicited.
    const refused = await write(client, WRITE);
    expect(elicitations.requests).toEqual([]);
    expect(refused.isError).toBe(true);
    expect(refused.structuredContent).toBeUndefined();
    const envelope = envelopeOf(refused);
    expect(envelope.error).toEqual({
      code: 'approval_required',
      message: 'tool requires explicit approval',
      retryable: false,
    });
    const request = envelope.approval_request as JsonBody;
    expect(request).toMatchObject({
      id: expect.stringMatching(/^approval-[0-9a-f]{16}$/),
      status: 'pending',
      session_id: sessionId,
      tool_name: 'fs.write_file',
      args_sha256: argsSha256(WRITE),
      args: WRITE,
      requested_by: { tenant: 'acme', actor: 'alice' },
    });
    expect(refused._meta).toEqual({
      'workspace/error_code': 'approval_required',
      'workspace/invocation_id': envelope.invocation_id,
      'workspace/approval_request': request,
    });
    const refusedId = envelope.invocation_id as string;
    const rest = await t.request('GET', `/v1/approvals/${request.id}`, { headers: bob });
    expect(rest.status).toBe(200);
    expect(rest.body.approval).toEqual(request);

    // 2. Retried before anyone decided: pending, and no fresh request is made.
    const early = await write(client, WRITE, { approval_id: request.id });
    expect([early._meta?.['workspace/error_code'], envelopeOf(early).error.message]).toEqual([
      'approval_required',
      'approval request is pending',
    ]);
    expect(envelopeOf(early).approval_request).toMatchObject({ id: request.id });

    // 3. The requester cannot decide her own request, not over REST and not over MCP.
    const self = await t.request('POST', `/v1/approvals/${request.id}/approve`, {
      headers: alice,
    });
    expect(self.status).toBe(403);
    const pending = await t.request('GET', `/v1/approvals/${request.id}`, { headers: bob });
    expect(pending.body.approval.status).toBe('pending');

    // 4. An approver approves over REST.
    const approved = await t.request('POST', `/v1/approvals/${request.id}/approve`, {
      headers: bob,
      body: { reason: 'ok over mcp' },
    });
    expect(approved.status).toBe(200);

    // 5. The approval covers only this exact call: other args are refused and consume nothing.
    const otherArgs = await write(
      client,
      { ...WRITE, content: 'something else' },
      { approval_id: request.id },
    );
    expect(otherArgs.isError).toBe(true);
    expect(envelopeOf(otherArgs).error).toEqual({
      code: 'policy_denied',
      message: 'approval request does not match this call',
      retryable: false,
    });
    expect(otherArgs._meta?.['workspace/approval_request']).toBeUndefined();
    const stillApproved = await t.request('GET', `/v1/approvals/${request.id}`, { headers: bob });
    expect(stillApproved.body.approval.status).toBe('approved');

    // 6. The retry with _meta.approval_id runs, once.
    const ran = await write(client, WRITE, { approval_id: request.id });
    expect(elicitations.requests).toEqual([]);
    expect(ran.isError).toBeFalsy();
    expect(ran.structuredContent).toMatchObject({ bytes_written: 4 });
    const invocationId = ran._meta?.['workspace/invocation_id'] as string;
    expect(invocationId).toMatch(/^inv-[0-9a-f]{16}$/);
    const record = await t.request('GET', `/v1/invocations/${invocationId}`, { headers: alice });
    expect(record.body.invocation).toMatchObject({
      status: 'succeeded',
      tool_name: 'fs.write_file',
    });
    const used = await t.request('GET', `/v1/approvals/${request.id}`, { headers: bob });
    expect(used.body.approval).toMatchObject({
      status: 'used',
      used_by_invocation: invocationId,
    });
    const file = await client.callTool({ name: 'fs.read_file', arguments: { path: WRITE.path } });
    expect((file as CallToolResult).structuredContent).toMatchObject({ content: 'hola' });

    // 7. A second retry: already used.
    const again = await write(client, WRITE, { approval_id: request.id });
    expect(again.isError).toBe(true);
    expect(envelopeOf(again).error).toEqual({
      code: 'approval_required',
      message: 'approval request was already used',
      retryable: false,
    });
    expect(envelopeOf(again).approval_request).toMatchObject({ id: request.id, status: 'used' });

    // 8. Audit: requested (by alice, naming the refused call), approved (by bob), used (by the run).
    expect(approvalAudits(request.id as string)).toEqual([
      expect.objectContaining({
        event: 'requested',
        actor_id: 'alice',
        invocation_id: refusedId,
        tool: 'fs.write_file',
        args_sha256: argsSha256(WRITE),
      }),
      expect.objectContaining({ event: 'approved', actor_id: 'bob', reason: 'ok over mcp' }),
      expect.objectContaining({ event: 'used', actor_id: 'alice', invocation_id: invocationId }),
    ]);
    const runAudit = t.logs.filter(
      (line) => line['msg'] === 'audit.tool_invocation' && line['invocation_id'] === invocationId,
    );
    expect(runAudit).toEqual([expect.objectContaining({ status: 'succeeded', approved: true })]);
    expect(runAudit[0]).not.toHaveProperty('approved_via');
  });

  it('should not let an approval requested in one session be used from another session', async () => {
    const sessionId = await createSession();
    const { client } = await connectEager(sessionId);
    const request = envelopeOf(await write(client, WRITE)).approval_request as JsonBody;
    expect(
      (await t.request('POST', `/v1/approvals/${request.id}/approve`, { headers: bob })).status,
    ).toBe(200);

    const otherSession = await createSession();
    const other = await connectEager(otherSession);
    const stolen = await write(other.client, WRITE, { approval_id: request.id });
    expect(other.elicitations.requests).toEqual([]);
    expect(envelopeOf(stolen).error).toEqual({
      code: 'policy_denied',
      message: 'approval request does not match this call',
      retryable: false,
    });
    const unknown = await write(client, WRITE, { approval_id: 'approval-0000000000000000' });
    expect(envelopeOf(unknown).error.message).toBe('approval request not found');
    const still = await t.request('GET', `/v1/approvals/${request.id}`, { headers: bob });
    expect(still.body.approval.status).toBe('approved');
  });

  it('should make a fresh request for a call that says approved, and ignore an approved argument', async () => {
    const sessionId = await createSession();
    const { client, elicitations } = await connectEager(sessionId);
    // `approved` is not an MCP input: as an argument it is an unknown field of the tool's schema.
    const smuggled = await write(client, { ...WRITE, approved: true });
    expect(smuggled.isError).toBe(true);
    expect(smuggled._meta?.['workspace/error_code']).toBe('invalid_argument');
    const viaMeta = await write(client, WRITE, { approved: true });
    expect(viaMeta._meta?.['workspace/error_code']).toBe('approval_required');
    expect(envelopeOf(viaMeta).approval_request).toMatchObject({ status: 'pending' });
    expect(elicitations.requests).toEqual([]);
  });

  it('should answer JSON, not a stream, even to a client that declares elicitation (nobody is asked)', async () => {
    const sessionId = await createSession();
    const response = await postInitialize(`${base}/v1/sessions/${sessionId}/mcp`, alice, 'mode', {
      elicitation: { form: {} },
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^application\/json/);
    expect(((await response.json()) as JsonBody).result.capabilities).toEqual({
      tools: { listChanged: false },
    });
  });
});
