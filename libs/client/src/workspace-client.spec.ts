import { fakeFetch, type FakeAnswer } from './testing/fake-fetch.js';
import { WorkspaceApiError } from './workspace-api-error.js';
import { WorkspaceClient } from './workspace-client.js';
import type { WorkspaceClientOptions } from './workspace-client-options.js';

const SESSION = { id: 'session-1', principal: { tenant_id: 'acme', actor_id: 'alice', roles: [] } };
const RUNNING = { id: 'inv-1', status: 'running', async: true, logs: [], artifacts: [] };

function client(answers: FakeAnswer[], options: Partial<WorkspaceClientOptions> = {}) {
  const fake = fakeFetch(...answers);
  return {
    client: new WorkspaceClient({ baseUrl: 'http://service.test/', fetch: fake.fetch, ...options }),
    requests: fake.requests,
  };
}

async function caught(promise: Promise<unknown>): Promise<WorkspaceApiError> {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(WorkspaceApiError);
    return error as WorkspaceApiError;
  }
  throw new Error('expected a WorkspaceApiError');
}

describe('WorkspaceClient', () => {
  it('should send the trusted-header identity on every request and answer the session', async () => {
    const { client: api, requests } = client([{ status: 201, json: { session: SESSION } }], {
      auth: { token: 's3cret', tenant: 'acme', actor: 'alice', roles: ['developer', 'approver'] },
      headers: { 'X-Gateway': 'g1' },
    });

    const session = await api.createSession({ metadata: { purpose: 'test' } });

    expect(session).toEqual(SESSION);
    const [request] = requests;
    expect(request?.method).toBe('POST');
    expect(request?.url).toBe('http://service.test/v1/sessions');
    expect(JSON.parse(request?.body ?? '')).toEqual({ metadata: { purpose: 'test' } });
    expect(Object.fromEntries(request?.headers ?? [])).toMatchObject({
      'x-workspace-auth-token': 's3cret',
      'x-workspace-tenant-id': 'acme',
      'x-workspace-actor-id': 'alice',
      'x-workspace-roles': 'developer,approver',
      'x-gateway': 'g1',
    });
  });

  it('should use the header names a deployment configured', async () => {
    const { client: api, requests } = client([{ json: { session: SESSION } }], {
      auth: {
        token: 't',
        tenant: 'acme',
        actor: 'bob',
        headerNames: { token: 'X-Token', tenant: 'X-Tenant', actor: 'X-Actor' },
      },
    });
    await api.getSession('session-1');
    const headers = Object.fromEntries(requests[0]?.headers ?? []);
    expect(headers).toMatchObject({ 'x-token': 't', 'x-tenant': 'acme', 'x-actor': 'bob' });
    expect(headers['x-workspace-roles']).toBeUndefined();
  });

  it('should encode ids in paths, so an id cannot reach another route', async () => {
    const { client: api, requests } = client([{ json: { closed: true } }, { json: { tools: [] } }]);
    expect(await api.closeSession('a/b')).toBe(true);
    expect(await api.listTools('../approvals')).toEqual([]);
    expect(requests.map((request) => `${request.method} ${request.url}`)).toEqual([
      'DELETE http://service.test/v1/sessions/a%2Fb',
      'GET http://service.test/v1/sessions/..%2Fapprovals/tools',
    ]);
  });

  it('should map invoke options to the body, and invokeAsync to async: true', async () => {
    const { client: api, requests } = client([
      { json: { invocation: { ...RUNNING, status: 'succeeded' } } },
      {
        status: 202,
        headers: { location: '/v1/invocations/inv-1' },
        json: { invocation: RUNNING },
      },
      { json: { decision: { allowed: true, checks: [] } } },
    ]);

    await api.invoke(
      'session-1',
      'fs.write_file',
      { path: 'a' },
      {
        approved: true,
        approvalId: 'approval-1',
        correlationId: 'c-1',
      },
    );
    const running = await api.invokeAsync('session-1', 'fs.read_file', { path: 'a' });
    await api.explain('session-1', 'fs.read_file');

    expect(running).toEqual(RUNNING);
    expect(requests.map((request) => JSON.parse(request.body))).toEqual([
      { args: { path: 'a' }, approved: true, approval_id: 'approval-1', correlation_id: 'c-1' },
      { args: { path: 'a' }, async: true },
      { args: {} },
    ]);
    expect(requests.map((request) => new URL(request.url).pathname)).toEqual([
      '/v1/sessions/session-1/tools/fs.write_file/invoke',
      '/v1/sessions/session-1/tools/fs.read_file/invoke',
      '/v1/sessions/session-1/tools/fs.read_file/explain',
    ]);
  });

  it('should throw WorkspaceApiError with the envelope, the record and the approval request', async () => {
    const denied = { id: 'inv-1', status: 'denied', logs: [], artifacts: [] };
    const approval = { id: 'approval-1', status: 'pending' };
    const { client: api } = client([
      {
        status: 428,
        json: {
          invocation: denied,
          approval_request: approval,
          error: {
            code: 'approval_required',
            message: 'tool requires explicit approval',
            retryable: false,
          },
        },
      },
    ]);

    const error = await caught(api.invoke('session-1', 'fs.write_file', { path: 'a' }));

    expect(error).toMatchObject({
      name: 'WorkspaceApiError',
      status: 428,
      code: 'approval_required',
      retryable: false,
      invocation: denied,
      approvalRequest: approval,
    });
    expect(error.message).toBe('tool requires explicit approval');
  });

  it('should carry Retry-After of a 429, and read a non-envelope answer as http_error', async () => {
    const { client: api } = client([
      {
        status: 429,
        headers: { 'retry-after': '7' },
        json: { error: { code: 'rate_limited', message: 'rate limit exceeded', retryable: true } },
      },
      { status: 502, text: '<html>bad gateway</html>' },
      { status: 408 },
    ]);

    expect(await caught(api.getSession('s'))).toMatchObject({
      code: 'rate_limited',
      retryable: true,
      retryAfterSeconds: 7,
    });
    const gateway = await caught(api.getSession('s'));
    expect(gateway).toMatchObject({ status: 502, code: 'http_error', retryable: true });
    expect(gateway.message).toBe('HTTP 502: <html>bad gateway</html>');
    const timeout = await caught(api.getSession('s'));
    expect(timeout).toMatchObject({ status: 408, code: 'http_error', retryable: true });
    expect(timeout.message).toBe('HTTP 408');
  });

  it('should cancel, and throw conflict for an invocation that is not running', async () => {
    const { client: api, requests } = client([
      { status: 202, json: { invocation: RUNNING } },
      {
        status: 409,
        json: {
          error: { code: 'conflict', message: 'invocation is not running', retryable: false },
        },
      },
    ]);
    expect(await api.cancel('inv-1')).toEqual(RUNNING);
    expect(await caught(api.cancel('inv-1'))).toMatchObject({ status: 409, code: 'conflict' });
    expect(requests[0]?.method).toBe('POST');
    expect(new URL(requests[0]?.url ?? '').pathname).toBe('/v1/invocations/inv-1/cancel');
  });

  it('should download artifacts as bytes or as a stream with their content type', async () => {
    const raw = (): FakeAnswer => ({
      text: '\u0000\u0001\u0002',
      headers: { 'content-type': 'application/x-test', 'content-length': '3' },
    });
    const { client: api, requests } = client([raw(), raw()]);

    expect([...(await api.downloadArtifact('inv-1', 'artifact-1'))]).toEqual([0, 1, 2]);
    const download = await api.downloadArtifactStream('inv-1', 'artifact-1');
    expect(download.contentType).toBe('application/x-test');
    expect(download.sizeBytes).toBe(3);
    expect([...new Uint8Array(await new Response(download.body).arrayBuffer())]).toEqual([0, 1, 2]);
    expect(new URL(requests[0]?.url ?? '').pathname).toBe(
      '/v1/invocations/inv-1/artifacts/artifact-1',
    );
  });

  it('should list approvals by status and decide them with an optional reason', async () => {
    const approval = { id: 'approval-1', status: 'approved' };
    const { client: api, requests } = client([
      { json: { approvals: [] } },
      { json: { approval } },
      { json: { approval: { ...approval, status: 'denied' } } },
      { json: { approval } },
    ]);

    expect(await api.listApprovals('expired')).toEqual([]);
    expect(await api.approve('approval-1', 'looks right')).toEqual(approval);
    await api.deny('approval-1');
    await api.getApproval('approval-1');

    expect(requests.map((request) => `${request.method} ${request.url} ${request.body}`)).toEqual([
      'GET http://service.test/v1/approvals?status=expired ',
      'POST http://service.test/v1/approvals/approval-1/approve {"reason":"looks right"}',
      'POST http://service.test/v1/approvals/approval-1/deny {}',
      'GET http://service.test/v1/approvals/approval-1 ',
    ]);
  });

  it('should follow events through the same fetch and identity', async () => {
    const { client: api, requests } = client(
      [{ pieces: ['id: 1-0\nevent: done\ndata: {"id":"inv-1","status":"succeeded"}\n\n'] }],
      { auth: { token: 't', tenant: 'acme', actor: 'alice' } },
    );
    const types: string[] = [];
    for await (const event of api.events('inv-1')) {
      types.push(event.type);
    }
    expect(types).toEqual(['done']);
    expect(requests[0]?.url).toBe('http://service.test/v1/invocations/inv-1/events');
    expect(requests[0]?.headers.get('x-workspace-actor-id')).toBe('alice');
  });
});
