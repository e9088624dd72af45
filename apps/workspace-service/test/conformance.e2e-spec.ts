import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { startTestApp, type TestApp } from './support/test-app.js';

// API.md section 13, run in order against one service with the default configuration.
describe('API conformance examples (API.md 13)', () => {
  let t: TestApp;
  let sessionId: string;
  let writeInvocationId: string;

  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(async () => {
    await t.close();
  });

  const invoke = (
    tool: string,
    body: unknown,
    session = sessionId,
    headers?: Record<string, string>,
  ) => t.request('POST', `/v1/sessions/${session}/tools/${tool}/invoke`, { body, headers });

  it('1. health endpoints answer', async () => {
    expect((await t.request('GET', '/healthz')).body).toEqual({ status: 'ok' });
    expect((await t.request('GET', '/livez')).body).toEqual({ status: 'ok' });
    const ready = await t.request('GET', '/readyz');
    expect(ready.status).toBe(200);
    expect(ready.body.status).toBe('ready');
    expect(ready.body.checks).toEqual({
      session_store: 'ok',
      invocation_store: 'ok',
      artifact_store: 'ok',
      shutdown: 'ok',
      sandbox: 'off',
    });
  });

  it('2. creates a session', async () => {
    const response = await t.request('POST', '/v1/sessions', {
      body: {
        principal: { tenant_id: 'demo', actor_id: 'alice', roles: ['developer'] },
        allowed_paths: ['.'],
        expires_in_seconds: 3600,
      },
    });
    expect(response.status).toBe(201);
    const session = response.body.session;
    expect(session.id).toMatch(/^session-[0-9a-f]{16}$/);
    expect(session.runtime.kind).toBe('local');
    expect(session.runtime.workdir).toBe(session.workspace_path);
    expect(session.allowed_paths).toEqual(['.']);
    expect(session.principal.roles).toEqual(['developer']);
    expect(session.metadata).toEqual({});
    expect(Date.parse(session.expires_at) - Date.parse(session.created_at)).toBe(3_600_000);
    expect(session.created_at).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    sessionId = session.id;
  });

  it('3. refuses a missing actor', async () => {
    const response = await t.request('POST', '/v1/sessions', {
      body: { principal: { tenant_id: 'demo' } },
    });
    expect(response.status).toBe(400);
    expect(Object.keys(response.body)).toEqual(['error']);
    expect(response.body.error.code).toBe('invalid_argument');
    expect(response.body.error.message).toMatch(/^principal\.actor_id is required/);
  });

  it('4. refuses an unknown field', async () => {
    const response = await t.request('POST', '/v1/sessions', {
      body: { principal: { tenant_id: 'demo', actor_id: 'alice' }, colour: 'red' },
    });
    expect(response.status).toBe(400);
    expect(response.body.error.message).toContain('colour');
  });

  it('5. validates and claims caller ids', async () => {
    const principal = { tenant_id: 'demo', actor_id: 'alice' };
    expect(
      (await t.request('POST', '/v1/sessions', { body: { principal, session_id: 'bad/id' } }))
        .status,
    ).toBe(400);
    const created = await t.request('POST', '/v1/sessions', {
      body: { principal, session_id: 'my-session' },
    });
    expect(created.status).toBe(201);
    expect(created.body.session.id).toBe('my-session');
    const again = await t.request('POST', '/v1/sessions', {
      body: { principal, session_id: 'my-session' },
    });
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe('conflict');
  });

  it('6. reads a session', async () => {
    const response = await t.request('GET', `/v1/sessions/${sessionId}`);
    expect(response.status).toBe(200);
    expect(response.body.session.id).toBe(sessionId);
    const missing = await t.request('GET', '/v1/sessions/session-0000000000000000');
    expect(missing.status).toBe(404);
    expect(missing.body.error).toEqual({
      code: 'not_found',
      message: 'session not found',
      retryable: false,
    });
  });

  it('7. lists the developer catalog sorted by name', async () => {
    const response = await t.request('GET', `/v1/sessions/${sessionId}/tools`);
    expect(response.status).toBe(200);
    const names: string[] = response.body.tools.map((tool: { name: string }) => tool.name);
    expect(names).toEqual([...names].sort());
    expect(names).toEqual(
      expect.arrayContaining(['fs.read_file', 'fs.write_file', 'artifact.upload']),
    );
    expect(names).not.toContain('fs.delete');
    expect(names.some((name) => name.startsWith('k8s.'))).toBe(false);
  });

  it('8. requires approval for fs.write_file', async () => {
    const response = await invoke('fs.write_file', {
      args: { path: 'notes/demo.txt', content: 'hola' },
    });
    expect(response.status).toBe(428);
    expect(response.body.invocation.status).toBe('denied');
    expect(response.body.invocation.error.code).toBe('approval_required');
    expect(response.body.error.code).toBe('approval_required');
    expect(response.body.error.retryable).toBe(false);
    expect(response.body.invocation.artifacts).toEqual([]);
  });

  it('9. writes with approval', async () => {
    const response = await invoke('fs.write_file', {
      approved: true,
      args: { path: 'notes/demo.txt', content: 'hola' },
    });
    expect(response.status).toBe(200);
    const invocation = response.body.invocation;
    expect(invocation.status).toBe('succeeded');
    expect(invocation.output.bytes_written).toBe(4);
    expect(invocation.output.sha256).toBe(
      'b221d9dbb083a7f33428d7c2a3c3198ae925614d70210e28716ccaa7cd4ddb79',
    );
    expect(invocation.artifacts[0].name).toBe('invocation-output.json');
    expect(invocation.output_ref).toBe(invocation.artifacts[0].id);
    expect(invocation.logs_ref).toBeUndefined();
    expect(invocation.trace_name).toBe('workspace.tools');
    expect(invocation.span_name).toBe('fs.write_file');
    writeInvocationId = invocation.id;
  });

  it('10. reads the file back', async () => {
    const response = await invoke('fs.read_file', { args: { path: 'notes/demo.txt' } });
    expect(response.status).toBe(200);
    expect(response.body.invocation.output).toMatchObject({
      content: 'hola',
      encoding: 'utf8',
      size_bytes: 4,
    });
  });

  it('11. refuses traversal and foreign absolute paths', async () => {
    for (const path of ['../etc/passwd', '/etc/passwd']) {
      const response = await invoke('fs.read_file', { args: { path } });
      expect(response.status).toBe(403);
      expect(response.body.invocation.status).toBe('denied');
      expect(response.body.error.code).toBe('policy_denied');
      expect(response.body.error.message).toMatch(/^path escapes workspace/);
    }
  });

  it('12. enforces allowed_paths', async () => {
    const created = await t.request('POST', '/v1/sessions', {
      body: { principal: { tenant_id: 'demo', actor_id: 'alice' }, allowed_paths: ['sandbox'] },
    });
    const id = created.body.session.id;
    const outside = await invoke('fs.read_file', { args: { path: 'outside.txt' } }, id);
    expect(outside.status).toBe(403);
    expect(outside.body.error.message).toMatch(/^path outside allowed_paths/);
    const unapproved = await invoke(
      'fs.write_file',
      { args: { path: 'sandbox/a.txt', content: 'x' } },
      id,
    );
    expect(unapproved.status).toBe(428);
  });

  it('13. validates args against the schema', async () => {
    const wrongType = await invoke('fs.read_file', { args: { path: 5 } });
    expect(wrongType.status).toBe(400);
    expect(wrongType.body.error.message).toContain('/path');
    expect(wrongType.body.invocation).toBeUndefined();
    const tooMany = await invoke('fs.list', { args: { max_entries: 5000 } });
    expect(tooMany.status).toBe(400);
    expect(tooMany.body.error.message).toContain('/max_entries');
    const unknown = await invoke('fs.list', { args: { path: '.', colour: 1 } });
    expect(unknown.status).toBe(400);
    expect(unknown.body.error.message).toContain('/colour');
  });

  it('14. answers 404 for an unknown tool', async () => {
    const response = await invoke('fs.nope', {});
    expect(response.status).toBe(404);
    expect(response.body).toEqual({
      error: { code: 'not_found', message: 'tool not found', retryable: false },
    });
  });

  it('15. replays by correlation id (body and header)', async () => {
    const before = await counter('workspace_invocations_total{tool="fs.stat",status="succeeded"}');
    const first = await invoke('fs.stat', {
      correlation_id: 'c-1',
      args: { path: 'notes/demo.txt' },
    });
    const second = await invoke('fs.stat', {
      correlation_id: 'c-1',
      args: { path: 'notes/demo.txt' },
    });
    expect(first.status).toBe(200);
    expect(second.status).toBe(200);
    expect(second.body.invocation.id).toBe(first.body.invocation.id);
    expect(await counter('workspace_invocations_total{tool="fs.stat",status="succeeded"}')).toBe(
      before + 1,
    );
    const viaHeader1 = await invoke('fs.stat', { args: { path: 'notes/demo.txt' } }, sessionId, {
      'X-Correlation-Id': ' c-2 ',
    });
    const viaHeader2 = await invoke('fs.stat', { args: { path: 'notes/demo.txt' } }, sessionId, {
      'X-Correlation-Id': 'c-2',
    });
    expect(viaHeader2.body.invocation.id).toBe(viaHeader1.body.invocation.id);
    expect(viaHeader1.body.invocation.correlation_id).toBe('c-2');
  });

  it('16. a replay keeps the original status', async () => {
    const first = await invoke('fs.write_file', {
      correlation_id: 'c-3',
      args: { path: 'x.txt', content: 'x' },
    });
    const second = await invoke('fs.write_file', {
      correlation_id: 'c-3',
      approved: true,
      args: { path: 'x.txt', content: 'x' },
    });
    expect(first.status).toBe(428);
    expect(second.status).toBe(428);
    expect(second.body.invocation.id).toBe(first.body.invocation.id);
  });

  it('17. gates cluster tools on the runtime (no k8s tools in this build: listing only)', async () => {
    const created = await t.request('POST', '/v1/sessions', {
      body: { principal: { tenant_id: 'demo', actor_id: 'ops', roles: ['devops'] } },
    });
    const id = created.body.session.id;
    const tools = await t.request('GET', `/v1/sessions/${id}/tools`);
    expect(tools.body.tools.some((tool: { name: string }) => tool.name.startsWith('k8s.'))).toBe(
      false,
    );
    const list = await invoke('fs.list', {}, id);
    expect(list.status).toBe(200);
    expect(Array.isArray(list.body.invocation.output.entries)).toBe(true);
  });

  it('18. enforces risk: fs.delete needs platform_admin, then approval', async () => {
    const denied = await invoke('fs.delete', { approved: true, args: { path: 'notes/demo.txt' } });
    expect(denied.status).toBe(403);
    expect(denied.body.error.message).toBe('high risk capability requires platform_admin role');
    const admin = await t.request('POST', '/v1/sessions', {
      body: { principal: { tenant_id: 'demo', actor_id: 'root', roles: ['platform_admin'] } },
    });
    const unapproved = await invoke('fs.delete', { args: { path: 'x' } }, admin.body.session.id);
    expect(unapproved.status).toBe(428);
  });

  it('21. read-back routes serve the record, logs, artifacts and raw bytes', async () => {
    const record = await t.request('GET', `/v1/invocations/${writeInvocationId}`);
    expect(record.status).toBe(200);
    expect(record.body.invocation.output.bytes_written).toBe(4);
    expect((await t.request('GET', `/v1/invocations/${writeInvocationId}/logs`)).body).toEqual({
      logs: [],
    });
    const artifacts = await t.request('GET', `/v1/invocations/${writeInvocationId}/artifacts`);
    expect(artifacts.body.artifacts).toHaveLength(1);
    const artifact = artifacts.body.artifacts[0];
    expect(artifact.download_path).toBe(
      `/v1/invocations/${writeInvocationId}/artifacts/${artifact.id}`,
    );
    expect(artifact.path).toBeUndefined();
    const raw = await t.request('GET', artifact.download_path);
    expect(raw.status).toBe(200);
    expect(raw.headers['content-type']).toBe('application/json');
    expect(JSON.parse(raw.text).bytes_written).toBe(4);
    expect(createHash('sha256').update(raw.text).digest('hex')).toBe(artifact.sha256);
    const missing = await t.request('GET', '/v1/invocations/inv-0000000000000000');
    expect(missing.status).toBe(404);
    expect(missing.body.error.message).toBe('invocation not found');
  });

  it('23. routes, methods and bodies', async () => {
    const wrongMethod = await t.request('GET', '/v1/sessions');
    expect(wrongMethod.status).toBe(405);
    expect(wrongMethod.headers['allow']).toBe('POST');
    expect(
      (await t.request('POST', `/v1/invocations/${writeInvocationId}/logs`, { body: {} })).status,
    ).toBe(405);
    const unknown = await t.request('GET', `/v1/sessions/${sessionId}/unknown`);
    expect(unknown.status).toBe(404);
    expect(unknown.body.error.message).toBe('route not found');
    const huge = await t.request('POST', '/v1/sessions', {
      rawBody: `{"x":"${'a'.repeat(3 * 1024 * 1024)}"}`,
    });
    expect(huge.status).toBe(413);
    expect(huge.body.error.code).toBe('payload_too_large');
    const truncated = await t.request('POST', '/v1/sessions', { rawBody: '{"principal":' });
    expect(truncated.status).toBe(400);
    expect(truncated.body.error.message).toMatch(/^invalid request body/);
  });

  it('24. exposes metrics', async () => {
    const response = await t.request('GET', '/metrics');
    expect(response.status).toBe(200);
    expect(String(response.headers['content-type'])).toMatch(/^text\/plain/);
    expect(response.text).toContain(
      'workspace_invocations_total{tool="fs.read_file",status="succeeded"} 1',
    );
    expect(response.text).toMatch(
      /workspace_invocation_duration_seconds_bucket\{[^}]*tool="fs.write_file"/,
    );
    expect(await counter('workspace_sessions_active')).toBeGreaterThanOrEqual(1);
  });

  it('25. closes a session idempotently', async () => {
    const closed = await t.request('DELETE', `/v1/sessions/${sessionId}`);
    expect(closed.status).toBe(200);
    expect(closed.body).toEqual({ closed: true });
    expect((await t.request('GET', `/v1/sessions/${sessionId}/tools`)).status).toBe(404);
    expect(existsSync(join(t.config.workspace.root, 'demo', sessionId))).toBe(false);
    expect((await t.request('DELETE', `/v1/sessions/${sessionId}`)).body).toEqual({ closed: true });
  });

  async function counter(series: string): Promise<number> {
    const text = (await t.request('GET', '/metrics')).text;
    const line = text.split('\n').find((candidate) => candidate.startsWith(`${series} `));
    return line ? Number(line.slice(series.length + 1)) : 0;
  }
});
