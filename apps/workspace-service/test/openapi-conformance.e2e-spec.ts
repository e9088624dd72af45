import type { AddressInfo } from 'node:net';
import { ServiceState } from '#app/http';
import { OpenApiConformance, type ObservedResponse } from './support/openapi-conformance.js';
import {
  type JsonBody,
  startTestApp,
  type TestApp,
  type TestResponse,
} from './support/test-app.js';

const TOKEN = 'conformance-token';

function as(actor: string, roles: string): Record<string, string> {
  return {
    'X-Workspace-Auth-Token': TOKEN,
    'X-Workspace-Tenant-Id': 'acme',
    'X-Workspace-Actor-Id': actor,
    'X-Workspace-Roles': roles,
  };
}
const ALICE = as('alice', 'developer');
const BOB = as('bob', 'approver');
const MALLORY = as('mallory', 'developer');

const INITIALIZE = {
  jsonrpc: '2.0',
  id: 1,
  method: 'initialize',
  params: {
    protocolVersion: '2025-11-25',
    capabilities: {},
    clientInfo: { name: 'c', version: '1' },
  },
};

const observed = (response: TestResponse): ObservedResponse => ({
  status: response.status,
  contentType: String(response.headers['content-type'] ?? ''),
  text: response.text,
  headerNames: Object.keys(response.headers).map((name) => name.toLowerCase()),
});

async function observedFetch(response: Response): Promise<ObservedResponse> {
  return {
    status: response.status,
    contentType: response.headers.get('content-type') ?? '',
    text: await response.text(),
    headerNames: [...response.headers.keys()],
  };
}

/**
 * Issue 17.1: every route is called for real (success and the reachable errors) and each answer is
 * validated against the schema `/openapi.json` declares for its status and content type.
 */
describe('real answers against the OpenAPI document (API.md 5.5)', () => {
  let t: TestApp;
  let base: string;
  let conformance: OpenApiConformance;
  let sessionId: string;
  const problems: string[] = [];

  /** Calls through inject and records how the answer conforms; returns it for the next step. */
  async function call(
    method: string,
    template: string,
    url: string,
    options: { body?: unknown; rawBody?: string; headers?: Record<string, string> } = {},
  ): Promise<TestResponse> {
    const response = await t.request(method, url, { headers: ALICE, ...options });
    problems.push(...conformance.problems(method, template, observed(response)));
    if (options.body !== undefined && response.status < 300) {
      problems.push(...conformance.requestProblems(method, template, options.body));
    }
    return response;
  }

  beforeAll(async () => {
    t = await startTestApp({
      WORKSPACE_AUTH_MODE: 'trusted_headers',
      WORKSPACE_AUTH_SHARED_TOKEN: TOKEN,
      WORKSPACE_APPROVAL_MODE: 'request',
    });
    await t.app.listen({ port: 0, host: '127.0.0.1' });
    base = `http://127.0.0.1:${(t.app.getHttpServer().address() as AddressInfo).port}`;
    conformance = new OpenApiConformance((await t.request('GET', '/openapi.json')).body);
  });
  afterAll(() => t.close());

  it('should answer the public routes as documented', async () => {
    for (const path of ['/healthz', '/livez', '/readyz', '/metrics', '/openapi.json']) {
      const response = await call('GET', path, path, { headers: {} });
      expect({ path, status: response.status }).toEqual({ path, status: 200 });
    }
    expect((await call('DELETE', '/openapi.json', '/openapi.json', {})).status).toBe(405);
  });

  it('should answer the session routes as documented, errors included', async () => {
    const S = '/v1/sessions';
    const created = await call('POST', S, S, { body: { session_id: 'conf-session' } });
    expect(created.status).toBe(201);
    sessionId = created.body.session.id as string;
    expect((await call('POST', S, S, { body: { session_id: 'conf-session' } })).status).toBe(409);
    expect((await call('POST', S, S, { body: { nope: 1 } })).status).toBe(400);
    expect((await call('POST', S, S, { body: {}, headers: {} })).status).toBe(401);
    const huge = JSON.stringify({ metadata: { big: 'x'.repeat(3 * 1024 * 1024) } });
    expect(
      (
        await call('POST', S, S, {
          rawBody: huge,
          headers: { ...ALICE, 'content-type': 'application/json' },
        })
      ).status,
    ).toBe(413);
    expect((await call('PUT', S, S)).status).toBe(405);

    const one = `${S}/{session_id}`;
    expect((await call('GET', one, `${S}/${sessionId}`)).status).toBe(200);
    expect((await call('GET', one, `${S}/${sessionId}`, { headers: MALLORY })).status).toBe(403);
    expect((await call('GET', one, `${S}/unknown-session`)).status).toBe(404);
    const renew = `${one}/renew`;
    expect((await call('POST', renew, `${S}/${sessionId}/renew`, { body: {} })).status).toBe(200);
    expect(
      (await call('POST', renew, `${S}/${sessionId}/renew`, { body: { ttl_seconds: 'x' } })).status,
    ).toBe(400);
    const fork = `${one}/fork`;
    const forked = await call('POST', fork, `${S}/${sessionId}/fork`, { body: {} });
    expect(forked.status).toBe(201);
    expect((await call('DELETE', one, `${S}/${forked.body.session.id as string}`)).status).toBe(
      200,
    );
    const tools = `${one}/tools`;
    expect((await call('GET', tools, `${S}/${sessionId}/tools`)).status).toBe(200);
  });

  it('should answer invoke, explain, the invocation routes and the approval routes as documented', async () => {
    const invokeT = '/v1/sessions/{session_id}/tools/{tool_name}/invoke';
    const invoke = (tool: string, body: unknown, headers = ALICE) =>
      call('POST', invokeT, `/v1/sessions/${sessionId}/tools/${tool}/invoke`, { body, headers });
    const write = { path: 'notes/a.txt', content: 'hola' };

    const explained = await call(
      'POST',
      '/v1/sessions/{session_id}/tools/{tool_name}/explain',
      `/v1/sessions/${sessionId}/tools/fs.write_file/explain`,
      { body: { args: write } },
    );
    expect(explained.status).toBe(200);
    expect((await invoke('no.such_tool', { args: {} })).status).toBe(404);
    expect((await invoke('fs.write_file', { args: 'not an object' })).status).toBe(400);

    // Request mode (7.3): a 428 carrying the invocation and the approval request.
    const refused = await invoke('fs.write_file', { args: write });
    expect(refused.status).toBe(428);
    const approvalId = refused.body.approval_request.id as string;

    const A = '/v1/approvals';
    expect((await call('GET', A, A, { headers: BOB })).status).toBe(200);
    expect((await call('GET', A, `${A}?status=bogus`, { headers: BOB })).status).toBe(400);
    expect((await call('GET', A, A, { headers: ALICE })).status).toBe(403);
    const oneA = `${A}/{approval_id}`;
    expect((await call('GET', oneA, `${A}/${approvalId}`, { headers: BOB })).status).toBe(200);
    expect((await call('GET', oneA, `${A}/apr-unknown`, { headers: BOB })).status).toBe(404);
    const approve = `${oneA}/approve`;
    const deny = `${oneA}/deny`;
    expect(
      (await call('POST', approve, `${A}/${approvalId}/approve`, { headers: BOB, body: {} }))
        .status,
    ).toBe(200);
    expect(
      (await call('POST', deny, `${A}/${approvalId}/deny`, { headers: BOB, body: {} })).status,
    ).toBe(409);
    expect(
      (await call('POST', approve, `${A}/${approvalId}/approve`, { headers: BOB, body: { x: 1 } }))
        .status,
    ).toBe(400);

    const written = await invoke('fs.write_file', { args: write, approval_id: approvalId });
    expect(written.status).toBe(200);
    const invocationId = written.body.invocation.id as string;
    const I = '/v1/invocations/{invocation_id}';
    expect((await call('GET', I, `/v1/invocations/${invocationId}`)).status).toBe(200);
    expect(
      (await call('GET', I, `/v1/invocations/${invocationId}`, { headers: MALLORY })).status,
    ).toBe(403);
    expect((await call('GET', I, '/v1/invocations/inv-unknown')).status).toBe(404);
    expect((await call('GET', `${I}/logs`, `/v1/invocations/${invocationId}/logs`)).status).toBe(
      200,
    );
    const listed = await call('GET', `${I}/artifacts`, `/v1/invocations/${invocationId}/artifacts`);
    expect(listed.status).toBe(200);
    const download = `${I}/artifacts/{artifact_id}`;
    const artifact = listed.body.artifacts[0] as JsonBody;
    expect((await call('GET', download, artifact.download_path as string)).status).toBe(200);
    expect(
      (await call('GET', download, `/v1/invocations/${invocationId}/artifacts/art-unknown`)).status,
    ).toBe(404);
    // Not running any more: cancel is a conflict (5.18).
    expect(
      (await call('POST', `${I}/cancel`, `/v1/invocations/${invocationId}/cancel`)).status,
    ).toBe(409);

    // Async: 202 with the running record, then the event stream read to its end (real socket).
    const started = await invoke('fs.stat', { async: true, args: { path: '.' } });
    expect(started.status).toBe(202);
    const events = await fetch(
      `${base}/v1/invocations/${started.body.invocation.id as string}/events`,
      {
        headers: { ...ALICE, accept: 'text/event-stream' },
        signal: AbortSignal.timeout(60_000),
      },
    );
    const stream = await observedFetch(events);
    problems.push(...conformance.problems('GET', `${I}/events`, stream));
    expect(stream.status).toBe(200);
    expect(stream.text).toContain('event: done');
  });

  it('should answer the MCP endpoint as documented', async () => {
    const M = '/v1/sessions/{session_id}/mcp';
    const url = `${base}/v1/sessions/${sessionId}/mcp`;
    const post = async (body: unknown, headers: Record<string, string> = {}) => {
      const response = await observedFetch(
        await fetch(url, {
          method: 'POST',
          headers: {
            'content-type': 'application/json',
            accept: 'application/json, text/event-stream',
            ...ALICE,
            ...headers,
          },
          body: JSON.stringify(body),
          signal: AbortSignal.timeout(60_000),
        }),
      );
      problems.push(...conformance.problems('POST', M, response));
      return response;
    };
    const initialize = await fetch(url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        accept: 'application/json, text/event-stream',
        ...ALICE,
      },
      body: JSON.stringify(INITIALIZE),
      signal: AbortSignal.timeout(60_000),
    });
    const mcpSession = initialize.headers.get('mcp-session-id') ?? '';
    const initialized = await observedFetch(initialize);
    problems.push(...conformance.problems('POST', M, initialized));
    expect(initialized.status).toBe(200);
    const notified = await post(
      { jsonrpc: '2.0', method: 'notifications/initialized' },
      { 'mcp-session-id': mcpSession },
    );
    expect(notified.status).toBe(202);
    expect(
      (await post({ jsonrpc: '2.0', id: 2, method: 'tools/list' }, { 'mcp-session-id': 'nope' }))
        .status,
    ).toBe(404);
    expect((await post({ jsonrpc: '2.0', id: 3, method: 'tools/list' })).status).toBe(400);
    const closed = await observedFetch(
      await fetch(url, { method: 'DELETE', headers: { ...ALICE, 'mcp-session-id': mcpSession } }),
    );
    problems.push(...conformance.problems('DELETE', M, closed));
    expect(closed.status).toBe(200);
    expect(
      (await call('GET', '/v1/sessions/{session_id}/mcp', `/v1/sessions/${sessionId}/mcp`)).status,
    ).toBe(405);
  });

  it('should close the session as documented', async () => {
    const one = '/v1/sessions/{session_id}';
    expect(
      (await call('DELETE', one, `/v1/sessions/${sessionId}`, { headers: MALLORY })).status,
    ).toBe(403);
    expect((await call('DELETE', one, `/v1/sessions/${sessionId}`)).status).toBe(200);
  });

  it('should answer 503 as documented: not ready, then draining', async () => {
    const state = t.app.get(ServiceState);
    state.ready = false;
    try {
      expect((await call('GET', '/readyz', '/readyz', { headers: {} })).status).toBe(503);
    } finally {
      state.ready = true;
    }
    state.draining = true;
    try {
      const S = '/v1/sessions/{session_id}';
      expect((await call('GET', S, `/v1/sessions/${sessionId}`)).status).toBe(503);
    } finally {
      state.draining = false;
    }
  });

  it('should catch an answer that does not conform (the checker can fail)', () => {
    const checker = new OpenApiConformance(conformance.document);
    const json = (status: number, body: unknown): ObservedResponse => ({
      status,
      contentType: 'application/json; charset=utf-8',
      text: JSON.stringify(body),
      headerNames: ['content-type'],
    });
    const read = '/v1/sessions/{session_id}';
    expect(checker.problems('GET', read, json(200, { session: { id: 's' } }))).not.toEqual([]);
    expect(checker.problems('GET', read, json(418, {}))).not.toEqual([]);
    // The error envelope per status: a 404 must carry a code API.md 3.2 maps to 404.
    const envelope = (code: string) => ({ error: { code, message: 'm', retryable: false } });
    expect(checker.problems('GET', read, json(404, envelope('not_found')))).toEqual([]);
    expect(checker.problems('GET', read, json(404, envelope('conflict')))).not.toEqual([]);
    expect(
      checker.problems('GET', read, {
        status: 200,
        contentType: 'text/html',
        text: '<p>',
        headerNames: [],
      }),
    ).not.toEqual([]);
    // 405 documents Allow: an answer without it does not conform.
    const envelope405 = json(405, envelope('method_not_allowed'));
    expect(checker.problems('PUT', read, envelope405)).toEqual([
      'PUT /v1/sessions/{session_id} 405: documented header Allow absent',
    ]);
    expect(checker.requestProblems('POST', '/v1/sessions', { surprise: 1 })).not.toEqual([]);
    expect(checker.requestProblems('POST', '/v1/sessions', { session_id: 's-1' })).toEqual([]);
  });

  it('should have found every answer conforming, and called every operation', () => {
    expect(problems).toEqual([]);
    const called = new Set(
      [...conformance.seen].map((key) => key.split(' ').slice(0, 2).join(' ')),
    );
    expect(conformance.operations().filter((operation) => !called.has(operation))).toEqual([]);
    for (const status of [400, 401, 403, 404, 405, 409, 413, 428, 503]) {
      expect([...conformance.seen].some((key) => key.endsWith(` ${status}`))).toBe(true);
    }
  });
});

describe('429 against the OpenAPI document', () => {
  it('should answer a rate-limited invoke with the documented 429 envelope', async () => {
    const t = await startTestApp({ WORKSPACE_RATE_LIMIT_PER_MINUTE: '1' });
    try {
      const conformance = new OpenApiConformance((await t.request('GET', '/openapi.json')).body);
      const session = (
        await t.request('POST', '/v1/sessions', {
          body: { principal: { tenant_id: 'acme', actor_id: 'alice', roles: ['developer'] } },
        })
      ).body.session.id as string;
      const url = `/v1/sessions/${session}/tools/fs.stat/invoke`;
      const template = '/v1/sessions/{session_id}/tools/{tool_name}/invoke';
      const answers = [
        await t.request('POST', url, { body: { args: { path: '.' } } }),
        await t.request('POST', url, { body: { args: { path: '.' } } }),
      ];
      expect(answers.map((answer) => answer.status)).toEqual([200, 429]);
      expect(
        answers.flatMap((answer) => conformance.problems('POST', template, observed(answer))),
      ).toEqual([]);
    } finally {
      await t.close();
    }
  });
});
