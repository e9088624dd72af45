import { type JsonBody, startTestApp, type TestApp } from '../support/test-app.js';
import { connectClient, gatewayHeaders, TOKEN } from './mcp-client.js';
import { initializeBody, postHeaders, postInitialize, sessionHeaders } from './support/raw-mcp.js';

const alice = gatewayHeaders('alice');
const eve = gatewayHeaders('eve');

// API.md 5.24 at the HTTP level, hand-written requests over a real listening port (trusted_headers
// mode): authentication, body limits, MCP session ids and response modes the SDK client hides.
describe('MCP endpoint (API.md 5.24) transport rules', () => {
  let t: TestApp;
  let base: string;

  async function createSession(headers = alice, body: unknown = {}): Promise<string> {
    const response = await t.request('POST', '/v1/sessions', { body, headers });
    expect(response.status).toBe(201);
    return response.body.session.id as string;
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
    await t.close();
  });

  it('should refuse an unauthenticated request with 401 and a foreign principal with 403', async () => {
    const sessionId = await createSession();
    const url = `${base}/v1/sessions/${sessionId}/mcp`;
    const post = (headers: Record<string, string>) => postInitialize(url, headers, 'raw');
    const anonymous = await post({});
    expect(anonymous.status).toBe(401);
    expect(((await anonymous.json()) as JsonBody).error.code).toBe('unauthorized');
    const foreign = await post(eve);
    expect(foreign.status).toBe(403);
    expect(((await foreign.json()) as JsonBody).error).toMatchObject({ code: 'policy_denied' });
    const unknown = await fetch(`${base}/v1/sessions/session-0000000000000000/mcp`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...alice },
      body: initializeBody('raw'),
    });
    expect(unknown.status).toBe(404);
    await expect(connectClient(url, eve)).rejects.toThrow();
    // GET has no route (no standalone SSE stream): 405 before authentication.
    const get = await fetch(url);
    expect(get.status).toBe(405);
  });

  it('should apply the body limits of API.md 1.2 before the SDK, then the transport rules', async () => {
    const sessionId = await createSession();
    const url = `${base}/v1/sessions/${sessionId}/mcp`;
    const post = (body: string, headers: Record<string, string>) =>
      fetch(url, { method: 'POST', headers: { ...alice, ...headers }, body });
    const json = { 'content-type': 'application/json' };
    const both = { accept: 'application/json, text/event-stream' };
    const initialize = initializeBody('r');
    const batch = await post(`[${initialize}]`, { ...json, ...both });
    expect(batch.status).toBe(400);
    expect(((await batch.json()) as JsonBody).error.code).toBe('invalid_argument');
    const tooLarge = await post(`{"x":"${'y'.repeat(2 * 1024 * 1024)}"}`, { ...json, ...both });
    expect(tooLarge.status).toBe(413);
    const deep = await post(`${'{"a":'.repeat(70)}1${'}'.repeat(70)}`, { ...json, ...both });
    expect(deep.status).toBe(400);
    expect((await post(initialize, json)).status).toBe(406);
    expect((await post(initialize, { 'content-type': 'text/plain', ...both })).status).toBe(415);
    const notInitialized = await post(
      JSON.stringify({ jsonrpc: '2.0', id: 2, method: 'tools/list' }),
      { ...json, ...both },
    );
    expect(notInitialized.status).toBe(400);
  });

  it('should not let an MCP session id opened on one workspace session serve another', async () => {
    const first = await createSession();
    const second = await createSession();
    const initialize = await postInitialize(`${base}/v1/sessions/${first}/mcp`, alice, 'raw');
    expect(initialize.status).toBe(200);
    await initialize.text();
    const mcpSessionId = initialize.headers.get('mcp-session-id') ?? '';
    expect(mcpSessionId).not.toBe('');
    const list = (path: string) =>
      fetch(`${base}/v1/sessions/${path}/mcp`, {
        method: 'POST',
        headers: { ...postHeaders(alice), ...sessionHeaders(mcpSessionId) },
        body: JSON.stringify({ jsonrpc: '2.0', id: 2, method: 'tools/list' }),
      });
    const elsewhere = await list(second);
    expect(elsewhere.status).toBe(404);
    expect(((await elsewhere.json()) as JsonBody).error).toMatchObject({ code: -32001 });
    const own = await list(first);
    expect(own.status).toBe(200);
    expect(await own.text()).toContain('fs.read_file');
    const closed = await fetch(`${base}/v1/sessions/${first}/mcp`, {
      method: 'DELETE',
      headers: { ...sessionHeaders(mcpSessionId), ...alice },
    });
    expect(closed.status).toBe(200);
    expect((await list(first)).status).toBe(404);
  });

  it('should answer JSON to a client that cannot be asked for approval, SSE to one that can', async () => {
    const sessionId = await createSession();
    const url = `${base}/v1/sessions/${sessionId}/mcp`;
    const headers = postHeaders(alice);
    const open = async (capabilities: Record<string, unknown>) => {
      const response = await postInitialize(url, alice, 'mode', capabilities);
      return {
        response,
        id: response.headers.get('mcp-session-id') ?? '',
        text: await response.text(),
      };
    };
    const call = (id: string) =>
      fetch(url, {
        method: 'POST',
        headers: { ...headers, ...sessionHeaders(id) },
        body: JSON.stringify({
          jsonrpc: '2.0',
          id: 2,
          method: 'tools/call',
          params: { name: 'fs.stat', arguments: { path: '.' } },
        }),
      });

    const plain = await open({});
    expect(plain.response.headers.get('content-type')).toMatch(/^application\/json/);
    expect(JSON.parse(plain.text)).toMatchObject({
      id: 1,
      result: { serverInfo: { name: 'workspace-execution-service' } },
    });
    const plainCall = await call(plain.id);
    expect(plainCall.headers.get('content-type')).toMatch(/^application\/json/);
    const answer = (await plainCall.json()) as JsonBody;
    expect(answer).toMatchObject({ id: 2, result: { structuredContent: { type: 'dir' } } });
    expect(answer.result._meta['workspace/invocation_id']).toMatch(/^inv-/);

    // Form elicitation declared (flag mode): every request answers a stream the approval can use.
    const eliciting = await open({ elicitation: {} });
    expect(eliciting.response.headers.get('content-type')).toBe('text/event-stream');
    const streamed = await call(eliciting.id);
    expect(streamed.headers.get('content-type')).toBe('text/event-stream');
    expect(await streamed.text()).toMatch(/^event: message\ndata: \{.*"id":2/m);

    // URL mode only cannot show the approval form: never asked, so JSON.
    const urlOnly = await open({ elicitation: { url: {} } });
    expect(urlOnly.response.headers.get('content-type')).toMatch(/^application\/json/);
  });

  it('should keep at most 16 MCP sessions per workspace session, closing the least recently used', async () => {
    const sessionId = await createSession();
    const url = `${base}/v1/sessions/${sessionId}/mcp`;
    const headers = postHeaders(alice);
    const open = async (): Promise<string> => {
      const response = await postInitialize(url, alice, 'cap');
      await response.text();
      return response.headers.get('mcp-session-id') ?? '';
    };
    const ping = async (id: string): Promise<number> => {
      const response = await fetch(url, {
        method: 'POST',
        headers: { ...headers, ...sessionHeaders(id) },
        body: JSON.stringify({ jsonrpc: '2.0', id: 9, method: 'ping' }),
      });
      await response.text();
      return response.status;
    };
    const ids: string[] = [];
    for (let i = 0; i < 17; i += 1) {
      ids.push(await open());
    }
    expect(new Set(ids).size).toBe(17);
    expect(await ping(ids[0])).toBe(404);
    expect(await ping(ids[1])).toBe(200);
    expect(await ping(ids[16])).toBe(200);
  });
});
