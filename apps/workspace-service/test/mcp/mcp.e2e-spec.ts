import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { connectClient, gatewayHeaders, TOKEN } from './mcp-client.js';

const alice = gatewayHeaders('alice');
const eve = gatewayHeaders('eve');

function textOf(result: CallToolResult): string {
  const block = result.content[0];
  return block?.type === 'text' ? block.text : '';
}

// API.md 5.24 driven by the official SDK client over a real listening port, trusted_headers mode.
describe('MCP endpoint (API.md 5.24) with the SDK client', () => {
  let t: TestApp;
  let base: string;
  const clients: Client[] = [];

  const audits = (invocationId: string): Array<Record<string, unknown>> =>
    t.logs.filter(
      (line) => line['msg'] === 'audit.tool_invocation' && line['invocation_id'] === invocationId,
    );

  async function createSession(headers = alice, body: unknown = {}): Promise<string> {
    const response = await t.request('POST', '/v1/sessions', { body, headers });
    expect(response.status).toBe(201);
    return response.body.session.id as string;
  }

  async function connect(
    sessionId: string,
    ...rest: Parameters<typeof connectClient> extends [unknown, ...infer R] ? R : never
  ) {
    const connected = await connectClient(`${base}/v1/sessions/${sessionId}/mcp`, ...rest);
    clients.push(connected.client);
    return connected;
  }

  beforeAll(async () => {
    t = await startTestApp({
      WORKSPACE_AUTH_MODE: 'trusted_headers',
      WORKSPACE_AUTH_SHARED_TOKEN: TOKEN,
      WORKSPACE_RATE_LIMIT_PER_MINUTE: '6',
    });
    await t.app.listen({ port: 0, host: '127.0.0.1' });
    base = await t.app.getUrl();
    base = base.replace('[::1]', '127.0.0.1');
  });
  afterAll(async () => {
    await Promise.allSettled(clients.map((client) => client.close()));
    await t.close();
  });

  it('should list exactly the REST catalog of the principal, with schemas', async () => {
    const sessionId = await createSession();
    const rest = await t.request('GET', `/v1/sessions/${sessionId}/tools`, { headers: alice });
    const { client } = await connect(sessionId, alice);
    const { tools } = await client.listTools();
    const restTools = rest.body.tools as Array<Record<string, unknown>>;
    expect(tools.map((tool) => tool.name)).toEqual(restTools.map((tool) => tool['name']));
    for (const [index, tool] of tools.entries()) {
      const capability = restTools[index];
      expect(tool.inputSchema).toEqual(capability['input_schema']);
      expect(tool.description).toBe(capability['description']);
      const output = capability['output_schema'] as Record<string, unknown>;
      if (output['type'] === 'object') {
        expect(tool.outputSchema).toEqual(output);
      } else {
        expect(tool.outputSchema).toBeUndefined();
      }
    }
    // A developer sees no external/cluster tools: the same policy filter as REST.
    expect(tools.some((tool) => tool.name.startsWith('api.'))).toBe(false);
    const admin = gatewayHeaders('root', 'platform_admin,devops');
    const adminSession = await createSession(admin);
    const adminRest = await t.request('GET', `/v1/sessions/${adminSession}/tools`, {
      headers: admin,
    });
    const adminList = await (await connect(adminSession, admin)).client.listTools();
    expect(adminList.tools.map((tool) => tool.name)).toEqual(
      (adminRest.body.tools as Array<Record<string, unknown>>).map((tool) => tool['name']),
    );
    expect(adminList.tools.length).toBeGreaterThan(tools.length);
  });

  it('should derive the annotations from the policy metadata', async () => {
    const admin = gatewayHeaders('root2', 'platform_admin,devops');
    const sessionId = await createSession(admin);
    const { client } = await connect(sessionId, admin);
    const { tools } = await client.listTools();
    const rest = await t.request('GET', `/v1/sessions/${sessionId}/tools`, { headers: admin });
    const byName = new Map(
      (rest.body.tools as Array<Record<string, unknown>>).map((tool) => [tool['name'], tool]),
    );
    for (const tool of tools) {
      const capability = byName.get(tool.name) as Record<string, unknown>;
      expect(tool.annotations).toEqual({
        title: tool.title,
        readOnlyHint: capability['side_effects'] === 'none',
        destructiveHint: capability['side_effects'] === 'irreversible',
        idempotentHint: capability['idempotency'] === 'guaranteed',
        openWorldHint: capability['scope'] === 'external' || capability['scope'] === 'cluster',
      });
    }
    const annotations = (name: string) => tools.find((tool) => tool.name === name)?.annotations;
    expect(tools.find((tool) => tool.name === 'fs.read_file')?.title).toBe('fs: read file');
    expect(annotations('fs.read_file')).toMatchObject({ readOnlyHint: true, openWorldHint: false });
    expect(annotations('fs.write_file')).toMatchObject({ readOnlyHint: false });
    expect(tools.filter((tool) => tool.annotations?.destructiveHint).length).toBeGreaterThan(0);
    expect(tools.filter((tool) => tool.annotations?.openWorldHint).length).toBeGreaterThan(0);
  });

  it('should call a tool through the pipeline: output, invocation id, REST record, audit line', async () => {
    const sessionId = await createSession();
    const written = await t.request(
      'POST',
      `/v1/sessions/${sessionId}/tools/fs.write_file/invoke`,
      { headers: alice, body: { approved: true, args: { path: 'notes/a.txt', content: 'hola' } } },
    );
    expect(written.status).toBe(200);
    const { client } = await connect(sessionId, alice);
    const result = (await client.callTool({
      name: 'fs.read_file',
      arguments: { path: 'notes/a.txt' },
      _meta: { correlation_id: 'mcp-read-1' },
    })) as CallToolResult;
    expect(result.isError).toBeFalsy();
    expect(result.structuredContent).toMatchObject({ content: 'hola' });
    expect(JSON.parse(textOf(result))).toEqual(result.structuredContent);
    const invocationId = result._meta?.['workspace/invocation_id'] as string;
    expect(invocationId).toMatch(/^inv-[0-9a-f]{16}$/);
    const record = await t.request('GET', `/v1/invocations/${invocationId}`, { headers: alice });
    expect(record.status).toBe(200);
    expect(record.body.invocation).toMatchObject({
      id: invocationId,
      session_id: sessionId,
      tool_name: 'fs.read_file',
      status: 'succeeded',
      correlation_id: 'mcp-read-1',
      output: result.structuredContent,
    });
    expect(audits(invocationId)).toEqual([
      expect.objectContaining({
        status: 'succeeded',
        tool: 'fs.read_file',
        correlation_id: 'mcp-read-1',
        approved: false,
        tenant_id: 'acme',
        actor_id: 'alice',
      }),
    ]);
    expect(audits(invocationId)[0]).not.toHaveProperty('approved_via');
    // Another principal cannot read the MCP call's record: the REST ownership rules hold.
    const foreign = await t.request('GET', `/v1/invocations/${invocationId}`, { headers: eve });
    expect(foreign.status).toBe(403);
  });

  it('should answer denials, invalid args and unknown tools as tool errors with the stable code', async () => {
    const sessionId = await createSession(alice, { allowed_paths: ['notes'] });
    const { client } = await connect(sessionId, alice);

    const outside = (await client.callTool({
      name: 'fs.read_file',
      arguments: { path: 'secret.txt' },
    })) as CallToolResult;
    expect(outside.isError).toBe(true);
    expect(outside._meta?.['workspace/error_code']).toBe('policy_denied');
    const envelope = JSON.parse(textOf(outside));
    expect(envelope.error).toMatchObject({ code: 'policy_denied', retryable: false });
    const deniedId = outside._meta?.['workspace/invocation_id'] as string;
    expect(envelope.invocation_id).toBe(deniedId);
    const denied = await t.request('GET', `/v1/invocations/${deniedId}`, { headers: alice });
    expect(denied.body.invocation).toMatchObject({ status: 'denied' });
    expect(audits(deniedId)).toEqual([
      expect.objectContaining({ status: 'denied', error_code: 'policy_denied' }),
    ]);

    // A tool hidden from a developer (high risk): the REST answer, as a tool error.
    const risky = (await client.callTool({
      name: 'fs.delete',
      arguments: { path: 'notes/x.txt' },
    })) as CallToolResult;
    const restRisky = await t.request('POST', `/v1/sessions/${sessionId}/tools/fs.delete/invoke`, {
      headers: alice,
      body: { approved: true, args: { path: 'notes/x.txt' } },
    });
    expect(risky.isError).toBe(true);
    expect(JSON.parse(textOf(risky)).error).toEqual({
      ...restRisky.body.error,
      code: 'policy_denied',
      message: 'high risk capability requires platform_admin role',
    });

    const invalid = (await client.callTool({
      name: 'fs.read_file',
      arguments: { nope: 1 },
    })) as CallToolResult;
    expect(invalid.isError).toBe(true);
    expect(JSON.parse(textOf(invalid)).error).toMatchObject({ code: 'invalid_argument' });
    expect(invalid._meta?.['workspace/invocation_id']).toBeUndefined(); // phase A: no record

    const unknown = (await client.callTool({
      name: 'fs.no_such_tool',
      arguments: {},
    })) as CallToolResult;
    expect(unknown.isError).toBe(true);
    expect(JSON.parse(textOf(unknown)).error).toEqual({
      code: 'not_found',
      message: 'tool not found',
      retryable: false,
    });
  });

  it('should answer a rate-limited call as a rate_limited tool error', async () => {
    const sessionId = await createSession();
    const { client } = await connect(sessionId, alice);
    const codes: string[] = [];
    // Six per minute: 14 calls cross at most one minute boundary, so at least one is refused.
    for (let i = 0; i < 14 && !codes.includes('rate_limited'); i += 1) {
      const result = (await client.callTool({
        name: 'fs.stat',
        arguments: { path: '.' },
      })) as CallToolResult;
      codes.push(result.isError ? String(result._meta?.['workspace/error_code']) : 'ok');
    }
    expect(codes).toContain('rate_limited');
  });

  it('should ask an elicitation-capable client and run the call approved when accepted', async () => {
    const sessionId = await createSession();
    const { client, elicitations } = await connect(sessionId, alice, {
      action: 'accept',
      content: { approve: true },
    });
    const result = (await client.callTool({
      name: 'fs.write_file',
      arguments: { path: 'notes/b.txt', content: 'approved-by-human' },
    })) as CallToolResult;
    expect(result.isError).toBeFalsy();
    expect(result.structuredContent).toMatchObject({ bytes_written: 17 });
    expect(elicitations.requests).toHaveLength(1);
    expect(elicitations.requests[0].message).toContain('fs.write_file');
    expect(elicitations.requests[0].message).toContain('approved-by-human');
    expect(elicitations.requests[0].requestedSchema).toMatchObject({
      properties: { approve: { type: 'boolean' } },
    });
    const invocationId = result._meta?.['workspace/invocation_id'] as string;
    // One record, one audit line, approved through the elicitation.
    expect(audits(invocationId)).toEqual([
      expect.objectContaining({
        status: 'succeeded',
        approved: true,
        approved_via: 'mcp_elicitation',
      }),
    ]);
    const auditsForSession = t.logs.filter(
      (line) => line['msg'] === 'audit.tool_invocation' && line['session_id'] === sessionId,
    );
    expect(auditsForSession).toHaveLength(1);
  });

  it.each([
    ['declined', { action: 'decline' as const }],
    ['cancelled', { action: 'cancel' as const }],
    ['accepted without approve', { action: 'accept' as const, content: { approve: false } }],
  ])('should answer approval_required when the human %s', async (_label, answer) => {
    const sessionId = await createSession();
    const { client, elicitations } = await connect(sessionId, alice, answer);
    const result = (await client.callTool({
      name: 'fs.write_file',
      arguments: { path: 'notes/c.txt', content: 'no' },
    })) as CallToolResult;
    expect(elicitations.requests).toHaveLength(1);
    expect(result.isError).toBe(true);
    expect(JSON.parse(textOf(result)).error).toMatchObject({ code: 'approval_required' });
    const invocationId = result._meta?.['workspace/invocation_id'] as string;
    expect(audits(invocationId)).toEqual([
      expect.objectContaining({
        status: 'denied',
        error_code: 'approval_required',
        approved: false,
      }),
    ]);
    expect(audits(invocationId)[0]).not.toHaveProperty('approved_via');
  });

  it('should answer approval_required to a client without elicitation, without asking', async () => {
    const sessionId = await createSession();
    const { client } = await connect(sessionId, alice);
    const result = (await client.callTool({
      name: 'fs.write_file',
      arguments: { path: 'notes/d.txt', content: 'x' },
    })) as CallToolResult;
    expect(result.isError).toBe(true);
    expect(result._meta?.['workspace/error_code']).toBe('approval_required');
  });
});
