import { jest } from '@jest/globals';
import { InvocationStore, LimitCounters } from '#app/stores';
import { startTestApp, type JsonBody, type TestApp } from './support/test-app.js';

const CHECK_NAMES = [
  'rate_limit.session',
  'rate_limit.principal',
  'runtime',
  'policy.scope',
  'policy.risk',
  'policy.approval',
  'policy.paths',
  'policy.args',
  'policy.metadata',
  'concurrency',
];

const principal = (actor_id: string, roles = ['developer']) => ({
  principal: { tenant_id: 'demo', actor_id, roles },
});

async function createSession(t: TestApp, body: unknown, headers?: Record<string, string>) {
  const response = await t.request('POST', '/v1/sessions', { body, headers });
  expect(response.status).toBe(201);
  return response.body.session.id as string;
}

const call = (t: TestApp, verb: 'invoke' | 'explain', id: string, tool: string, body: unknown) =>
  t.request('POST', `/v1/sessions/${id}/tools/${tool}/${verb}`, { body });

const checkNamed = (decision: JsonBody, name: string) =>
  (decision.checks as JsonBody[]).find((check) => check['name'] === name);

const firstFailure = (decision: JsonBody) =>
  (decision.checks as JsonBody[]).find((check) => check['result'] === 'fail');

const currentMinute = () => Math.floor(Date.now() / 60_000);

/** The value of one `workspace_policy_explain_total` series, 0 before its first observation. */
function explainCount(metrics: string, tool: string, allowed: string): number {
  const series = `workspace_policy_explain_total{tool="${tool}",allowed="${allowed}"} `;
  const line = metrics.split('\n').find((candidate) => candidate.startsWith(series));
  return line === undefined ? 0 : Number(line.slice(series.length));
}

describe('policy explain (API.md 5.23)', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp({
      WORKSPACE_RATE_LIMIT_PER_MINUTE: '3',
      WORKSPACE_RATE_LIMIT_PER_MINUTE_PER_PRINCIPAL: '100',
      WORKSPACE_MAX_CONCURRENCY_PER_SESSION: '4',
    });
  });
  afterAll(() => t.close());

  it('should allow a permitted call and list every check in pipeline order without a failure', async () => {
    const id = await createSession(t, principal('allowed'));
    const response = await call(t, 'explain', id, 'fs.read_file', { args: { path: 'README.md' } });

    expect(response.status).toBe(200);
    expect(Object.keys(response.body)).toEqual(['decision']);
    const { decision } = response.body;
    expect(decision).toMatchObject({
      allowed: true,
      code: null,
      message: null,
      requires_approval: false,
    });
    expect(decision.checks.map((check: JsonBody) => check['name'])).toEqual(CHECK_NAMES);
    expect(firstFailure(decision)).toBeUndefined();
    expect(checkNamed(decision, 'rate_limit.session')).toEqual({
      name: 'rate_limit.session',
      result: 'pass',
      detail: '0 of 3 calls in this minute',
    });
    expect(checkNamed(decision, 'policy.paths')).toEqual({
      name: 'policy.paths',
      result: 'pass',
      detail: 'inside the workspace and allowed_paths: path',
    });
    expect(checkNamed(decision, 'concurrency')).toEqual({
      name: 'concurrency',
      result: 'pass',
      detail: '0 of 4 slots in use',
    });
  });

  it('should fail at policy.scope with the exact code and message invoke answers for a role-denied tool', async () => {
    const id = await createSession(t, principal('scoped'));
    const body = { args: { profile_id: 'dev.redis', key: 'dev:flags' } };

    const explained = await call(t, 'explain', id, 'redis.get', body);
    const invoked = await call(t, 'invoke', id, 'redis.get', body);

    expect(explained.status).toBe(200);
    expect(invoked.status).toBe(403);
    const { decision } = explained.body;
    expect(decision).toMatchObject({
      allowed: false,
      code: invoked.body.error.code,
      message: invoked.body.error.message,
      requires_approval: false,
    });
    expect(decision.code).toBe('policy_denied');
    expect(firstFailure(decision)).toEqual({
      name: 'policy.scope',
      result: 'fail',
      detail: 'principal roles cannot access tool scope',
    });
    // After a scope denial nothing more about the tool is told (API.md 7.3).
    expect(checkNamed(decision, 'policy.approval')?.['result']).toBe('skip');
  });

  it('should fail at runtime before policy for a cluster tool on a local session, as invoke does', async () => {
    const id = await createSession(t, principal('cluster', ['devops']));
    const body = { args: { namespace: 'default' } };

    const explained = await call(t, 'explain', id, 'k8s.get_pods', body);
    const invoked = await call(t, 'invoke', id, 'k8s.get_pods', body);

    expect(invoked.status).toBe(403);
    expect(firstFailure(explained.body.decision)).toMatchObject({ name: 'runtime' });
    expect([explained.body.decision.code, explained.body.decision.message]).toEqual([
      invoked.body.error.code,
      invoked.body.error.message,
    ]);
    expect(checkNamed(explained.body.decision, 'policy.scope')?.['result']).toBe('pass');
  });

  it('should fail at policy.paths when a path escapes the workspace', async () => {
    const id = await createSession(t, principal('paths'));
    const body = { args: { path: '../outside/secret' } };

    const explained = await call(t, 'explain', id, 'fs.read_file', body);
    const invoked = await call(t, 'invoke', id, 'fs.read_file', body);

    expect(explained.body.decision).toMatchObject({
      allowed: false,
      code: 'policy_denied',
      message: 'path escapes workspace',
    });
    expect(firstFailure(explained.body.decision)?.['name']).toBe('policy.paths');
    expect(invoked.body.error.message).toBe('path escapes workspace');
  });

  it('should say requires_approval for an approval-gated tool until approved is given', async () => {
    const id = await createSession(t, principal('approval'));
    const args = { path: 'notes/a.txt', content: 'x' };

    const unapproved = await call(t, 'explain', id, 'fs.write_file', { args });
    const approved = await call(t, 'explain', id, 'fs.write_file', { args, approved: true });

    // The example of API.md 5.23. Later rules are still evaluated: the path is fine too.
    expect(unapproved.body).toEqual({
      decision: {
        allowed: false,
        code: 'approval_required',
        message: 'tool requires explicit approval',
        requires_approval: true,
        checks: [
          { name: 'rate_limit.session', result: 'pass', detail: '0 of 3 calls in this minute' },
          { name: 'rate_limit.principal', result: 'pass', detail: '0 of 100 calls in this minute' },
          { name: 'runtime', result: 'skip', detail: 'only cluster-scope tools need a runtime' },
          {
            name: 'policy.scope',
            result: 'pass',
            detail: 'scope workspace is open to every principal',
          },
          { name: 'policy.risk', result: 'skip', detail: 'risk medium needs no role' },
          { name: 'policy.approval', result: 'fail', detail: 'tool requires explicit approval' },
          {
            name: 'policy.paths',
            result: 'pass',
            detail: 'inside the workspace and allowed_paths: path',
          },
          { name: 'policy.args', result: 'skip', detail: 'tool declares no argument rules' },
          {
            name: 'policy.metadata',
            result: 'skip',
            detail: 'no session allowlist restricts the arguments of this call',
          },
          { name: 'concurrency', result: 'pass', detail: '0 of 4 slots in use' },
        ],
      },
    });
    expect(approved.body.decision).toMatchObject({
      allowed: true,
      requires_approval: false,
    });
  });

  it('should consume no rate-limit slot, then report the exhausted window that invoke refuses with 429', async () => {
    const id = await createSession(t, principal('rate'));
    const start = currentMinute();
    const body = { args: { path: '.' } };

    for (let explain = 0; explain < 12; explain++) {
      const explained = await call(t, 'explain', id, 'fs.stat', body);
      expect(explained.body.decision.allowed).toBe(true);
    }
    const invokes = [];
    for (let invoke = 0; invoke < 3; invoke++) {
      invokes.push((await call(t, 'invoke', id, 'fs.stat', body)).status);
    }
    const exhausted = await call(t, 'explain', id, 'fs.stat', body);
    const refused = await call(t, 'invoke', id, 'fs.stat', body);
    if (currentMinute() !== start) {
      // The calls straddled a minute boundary: the windows restarted, nothing left to compare.
      return;
    }

    // Twelve explains before them consumed nothing: all three invokes of the window were admitted.
    expect(invokes).toEqual([200, 200, 200]);
    expect(exhausted.status).toBe(200);
    expect(exhausted.body.decision).toMatchObject({
      allowed: false,
      code: 'rate_limited',
      message: 'session invocation rate limit exceeded',
    });
    const failure = firstFailure(exhausted.body.decision);
    expect(failure?.['name']).toBe('rate_limit.session');
    expect(failure?.['detail']).toMatch(
      /^session invocation rate limit exceeded: 3 of 3 calls in this minute, retry after \d+ s$/,
    );
    // The other checks are still reported: only the window stands in the way.
    expect(checkNamed(exhausted.body.decision, 'policy.paths')?.['result']).toBe('pass');
    expect(refused.status).toBe(429);
    expect(refused.body.error.message).toBe(exhausted.body.decision.message);
  });

  it.each([
    ['args failing the schema', 'fs.read_file', { args: { path: 3 } }],
    ['a missing required arg', 'fs.read_file', { args: {} }],
    ['an unknown body field', 'fs.read_file', { args: { path: 'a' }, bogus: true }],
    ['args that are not an object', 'fs.read_file', { args: 'a' }],
    ['a correlation id over 256 characters', 'fs.stat', { correlation_id: 'c'.repeat(257) }],
    ['an unknown tool', 'no.such_tool', { args: {} }],
  ])('should answer %s exactly as invoke does', async (_label, tool, body) => {
    const id = await createSession(t, principal('invalid'));

    const explained = await call(t, 'explain', id, tool, body);
    const invoked = await call(t, 'invoke', id, tool, body);

    expect(explained.status).toBeGreaterThanOrEqual(400);
    expect({ status: explained.status, body: explained.body }).toEqual({
      status: invoked.status,
      body: invoked.body,
    });
  });

  it('should answer an oversized body with 413 as invoke does', async () => {
    const id = await createSession(t, principal('oversized'));
    const rawBody = JSON.stringify({ args: { path: 'x'.repeat(2 * 1024 * 1024 + 1) } });
    const send = (verb: string) =>
      t.request('POST', `/v1/sessions/${id}/tools/fs.read_file/${verb}`, {
        rawBody,
        headers: { 'content-type': 'application/json' },
      });

    const explained = await send('explain');
    const invoked = await send('invoke');

    expect(explained.status).toBe(413);
    expect(explained.body).toEqual(invoked.body);
  });

  it('should answer 404 for an unknown session as invoke does', async () => {
    const explained = await call(t, 'explain', 'session-missing', 'fs.stat', {});
    const invoked = await call(t, 'invoke', 'session-missing', 'fs.stat', {});
    expect(explained.status).toBe(404);
    expect(explained.body).toEqual(invoked.body);
  });

  it('should record, audit, count and consume nothing', async () => {
    const id = await createSession(t, principal('silent'));
    const store = t.app.get(InvocationStore);
    const counters = t.app.get(LimitCounters);
    const spies = [
      jest.spyOn(store, 'save'),
      // The terminal record (with its inline blobs and last events) goes through saveFinal.
      jest.spyOn(store, 'saveFinal'),
      jest.spyOn(store, 'claimCorrelation'),
      jest.spyOn(counters, 'hitWindow'),
      jest.spyOn(counters, 'acquire'),
    ];
    const audits = () => t.logs.filter((line) => line['msg'] === 'audit.tool_invocation').length;
    const writesBefore = explainCount(
      (await t.request('GET', '/metrics')).text,
      'fs.write_file',
      'false',
    );
    const auditsBefore = audits();
    try {
      for (const body of [
        { args: { path: 'docs' }, correlation_id: 'explain-1' },
        { args: { path: '../x' } },
        { args: { path: 'notes/a', content: 'x' } },
      ]) {
        const tool = 'content' in body.args ? 'fs.write_file' : 'fs.list';
        expect((await call(t, 'explain', id, tool, body)).status).toBe(200);
      }

      expect(spies.map((spy) => spy.mock.calls.length)).toEqual([0, 0, 0, 0, 0]);
      expect(audits()).toBe(auditsBefore);
      const metrics = (await t.request('GET', '/metrics')).text;
      expect(metrics).not.toMatch(/workspace_invocations_\w+\{tool="fs\.(list|write_file)"/);
      // Only the explain counter of API.md 11.1 moves.
      expect(metrics).toContain('workspace_policy_explain_total{tool="fs.list",allowed="true"} 1');
      expect(metrics).toContain('workspace_policy_explain_total{tool="fs.list",allowed="false"} 1');
      expect(explainCount(metrics, 'fs.write_file', 'false')).toBe(writesBefore + 1);

      // The control: the same probes see an invoke. The correlation id was not claimed by the
      // explain, so this runs a new invocation instead of replaying.
      const invoked = await call(t, 'invoke', id, 'fs.list', {
        args: { path: '.' },
        correlation_id: 'explain-1',
      });
      expect(invoked.status).toBe(200);
      expect(spies.map((spy) => spy.mock.calls.length)).toEqual([1, 1, 1, 2, 1]);
      expect(audits()).toBe(auditsBefore + 1);
    } finally {
      spies.forEach((spy) => spy.mockRestore());
    }
  });
});

describe('policy explain in trusted_headers mode (API.md 4.2, 5.23)', () => {
  let t: TestApp;
  const token = { 'X-Workspace-Auth-Token': 'explain-token', 'X-Workspace-Tenant-Id': 'acme' };
  const alice = { ...token, 'X-Workspace-Actor-Id': 'alice' };
  const eve = { ...token, 'X-Workspace-Actor-Id': 'eve' };

  beforeAll(async () => {
    t = await startTestApp({
      WORKSPACE_AUTH_MODE: 'trusted_headers',
      WORKSPACE_AUTH_SHARED_TOKEN: 'explain-token',
    });
  });
  afterAll(() => t.close());

  const request = (verb: string, id: string, headers: Record<string, string>) =>
    t.request('POST', `/v1/sessions/${encodeURIComponent(id)}/tools/fs.stat/${verb}`, {
      body: { args: { path: '.' } },
      headers,
    });

  it('should refuse another principal with 403 and no credentials with 401, exactly as invoke', async () => {
    const id = await createSession(t, {}, alice);

    const own = await request('explain', id, alice);
    expect(own.status).toBe(200);
    expect(own.body.decision.allowed).toBe(true);

    for (const headers of [eve, {}, { ...alice, 'X-Workspace-Auth-Token': 'nope' }]) {
      const explained = await request('explain', id, headers);
      const invoked = await request('invoke', id, headers);
      expect(explained.status).toBe(headers === eve ? 403 : 401);
      expect({ status: explained.status, body: explained.body }).toEqual({
        status: invoked.status,
        body: invoked.body,
      });
    }
    const foreign = await request('explain', id, eve);
    expect(foreign.body.error.message).toBe('session does not belong to authenticated principal');
  });

  it('should reach the same session under another spelling of its id, and refuse it alike', async () => {
    const id = await createSession(t, {}, alice);
    const url = `/v1/sessions/${id.replace(/-/g, '%2D')}/tools/fs.stat/explain`;
    const body = { args: { path: '.' } };
    const own = await t.request('POST', url, { body, headers: alice });
    const foreign = await t.request('POST', url, { body, headers: eve });
    expect([own.status, foreign.status]).toEqual([200, 403]);
  });
});
