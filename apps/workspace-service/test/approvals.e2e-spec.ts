import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { argsSha256 } from '#app/observability';
import { ValkeyConnection } from '#app/stores';
import { requireService } from '#app/testing';
import { type JsonBody, startTestApp, type TestApp } from './support/test-app.js';

const TOKEN = 't0k3n';
const REQUEST_MODE = {
  WORKSPACE_AUTH_MODE: 'trusted_headers',
  WORKSPACE_AUTH_SHARED_TOKEN: TOKEN,
  WORKSPACE_APPROVAL_MODE: 'request',
};

function as(actor: string, roles = '', tenant = 'acme'): Record<string, string> {
  return {
    'X-Workspace-Auth-Token': TOKEN,
    'X-Workspace-Tenant-Id': tenant,
    'X-Workspace-Actor-Id': actor,
    'X-Workspace-Roles': roles,
  };
}

const ALICE = as('alice', 'developer');
const BOB = as('bob', 'approver');
const WRITE = { path: 'notes/a.txt', content: 'hola' };

async function newSession(t: TestApp, headers = ALICE): Promise<string> {
  const created = await t.request('POST', '/v1/sessions', { body: {}, headers });
  expect(created.status).toBe(201);
  return created.body.session.id as string;
}

function invoke(
  t: TestApp,
  session: string,
  tool: string,
  body: Record<string, unknown>,
  headers = ALICE,
) {
  return t.request('POST', `/v1/sessions/${session}/tools/${tool}/invoke`, { body, headers });
}

/** The 428 of a call without approval: its approval request, pending. */
async function requestFor(
  t: TestApp,
  session: string,
  args: Record<string, unknown> = WRITE,
  tool = 'fs.write_file',
): Promise<JsonBody> {
  const response = await invoke(t, session, tool, { args });
  expect(response.status).toBe(428);
  return response.body.approval_request as JsonBody;
}

async function approve(t: TestApp, id: string, headers = BOB, body?: unknown) {
  return t.request('POST', `/v1/approvals/${id}/approve`, { headers, body });
}

describe('approval requests (API.md 7.3, 5.19–5.22), request mode', () => {
  let t: TestApp;
  let session: string;

  beforeAll(async () => {
    t = await startTestApp(REQUEST_MODE);
    session = await newSession(t);
  });
  afterAll(() => t.close());

  it('should answer 428 with a pending approval request for exactly this call beside the invocation', async () => {
    const response = await invoke(t, session, 'fs.write_file', { args: WRITE });

    expect(response.status).toBe(428);
    expect(Object.keys(response.body)).toEqual(['invocation', 'approval_request', 'error']);
    expect(response.body.error).toEqual({
      code: 'approval_required',
      message: 'tool requires explicit approval',
      retryable: false,
    });
    expect(response.body.invocation.status).toBe('denied');
    expect(response.body.approval_request).toEqual({
      id: expect.stringMatching(/^approval-[0-9a-f]{16}$/),
      status: 'pending',
      session_id: session,
      tool_name: 'fs.write_file',
      args_sha256: argsSha256(WRITE),
      args: WRITE,
      requested_by: { tenant: 'acme', actor: 'alice' },
      created_at: expect.any(String),
      expires_at: expect.any(String),
    });
    const { created_at: created, expires_at: expires } = response.body.approval_request;
    expect(Date.parse(expires) - Date.parse(created)).toBe(900_000);
    expect(t.logs).toContainEqual(
      expect.objectContaining({
        msg: 'audit.approval',
        event: 'requested',
        approval_id: response.body.approval_request.id,
        invocation_id: response.body.invocation.id,
        actor_id: 'alice',
      }),
    );
  });

  it('should refuse "approved": true alone, with a request of its own', async () => {
    const response = await invoke(t, session, 'fs.write_file', { args: WRITE, approved: true });

    expect(response.status).toBe(428);
    expect(response.body.error.message).toBe(
      'approval request required: "approved" is not accepted in request mode',
    );
    expect(response.body.approval_request.status).toBe('pending');
  });

  it('should let an approver list, read and approve it; the retry runs once, then is refused', async () => {
    const request = await requestFor(t, session);

    const listed = await t.request('GET', '/v1/approvals?status=pending', { headers: BOB });
    expect(listed.status).toBe(200);
    expect(listed.body.approvals.map((approval: JsonBody) => approval.id)).toContain(request.id);
    const byDefault = await t.request('GET', '/v1/approvals', { headers: BOB });
    expect(byDefault.body.approvals.map((approval: JsonBody) => approval.id)).toContain(request.id);
    const read = await t.request('GET', `/v1/approvals/${request.id}`, { headers: BOB });
    expect(read.status).toBe(200);
    expect(read.body).toEqual({ approval: request });

    const approved = await approve(t, request.id, BOB, { reason: 'fine' });
    expect(approved.status).toBe(200);
    expect(approved.body.approval).toEqual({
      ...request,
      status: 'approved',
      decided_by: { tenant: 'acme', actor: 'bob' },
      decided_at: expect.any(String),
      reason: 'fine',
    });
    const again = await approve(t, request.id);
    expect([again.status, again.body.error.message]).toEqual([
      409,
      'approval request is already approved',
    ]);

    const run = await invoke(t, session, 'fs.write_file', {
      args: WRITE,
      approval_id: request.id,
    });
    expect(run.status).toBe(200);
    expect(run.body.invocation.output.bytes_written).toBe(4);
    const readBack = await invoke(t, session, 'fs.read_file', { args: { path: 'notes/a.txt' } });
    expect(readBack.body.invocation.output.content).toBe('hola');

    const second = await invoke(t, session, 'fs.write_file', {
      args: WRITE,
      approval_id: request.id,
    });
    expect([second.status, second.body.error.message]).toEqual([
      428,
      'approval request was already used',
    ]);
    expect(second.body.approval_request).toEqual(
      expect.objectContaining({ id: request.id, status: 'used', used_at: expect.any(String) }),
    );
    const used = await t.request('GET', '/v1/approvals?status=used', { headers: BOB });
    expect(used.body.approvals.map((approval: JsonBody) => approval.id)).toEqual([request.id]);
    for (const event of ['approved', 'used']) {
      expect(t.logs).toContainEqual(
        expect.objectContaining({ msg: 'audit.approval', event, approval_id: request.id }),
      );
    }
  });

  it('should replay the refusal for a reused correlation id without touching the approval', async () => {
    const first = await invoke(t, session, 'fs.write_file', {
      args: WRITE,
      correlation_id: 'corr-approval-replay',
    });
    expect(first.status).toBe(428);
    const id = first.body.approval_request.id as string;
    expect((await approve(t, id)).status).toBe(200);

    const replay = await invoke(t, session, 'fs.write_file', {
      args: WRITE,
      correlation_id: 'corr-approval-replay',
      approval_id: id,
    });
    expect(replay.status).toBe(428);
    expect(replay.body.invocation.id).toBe(first.body.invocation.id);
    expect(replay.body.approval_request).toBeUndefined();
    const read = await t.request('GET', `/v1/approvals/${id}`, { headers: BOB });
    expect(read.body.approval.status).toBe('approved');

    const fresh = await invoke(t, session, 'fs.write_file', {
      args: WRITE,
      correlation_id: 'corr-approval-retry',
      approval_id: id,
    });
    expect(fresh.status).toBe(200);
  });

  it('should refuse the approval for other args, another tool or another session', async () => {
    const request = await requestFor(t, session, { path: 'notes/b.txt', content: 'one' });
    expect((await approve(t, request.id)).status).toBe(200);
    const other = await newSession(t);

    const attempts = await Promise.all([
      invoke(t, session, 'fs.write_file', {
        args: { path: 'notes/b.txt', content: 'two' },
        approval_id: request.id,
      }),
      invoke(t, session, 'fs.patch', {
        args: { unified_diff: '--- a/notes/b.txt\n+++ b/notes/b.txt\n@@ -1 +1 @@\n-one\n+two\n' },
        approval_id: request.id,
      }),
      invoke(t, other, 'fs.write_file', {
        args: { path: 'notes/b.txt', content: 'one' },
        approval_id: request.id,
      }),
    ]);

    for (const attempt of attempts) {
      expect([attempt.status, attempt.body.error.message]).toEqual([
        403,
        'approval request does not match this call',
      ]);
      expect(attempt.body.approval_request).toBeUndefined();
    }
    // Still unused: the right call runs.
    const run = await invoke(t, session, 'fs.write_file', {
      args: { content: 'one', path: 'notes/b.txt' },
      approval_id: request.id,
    });
    expect(run.status).toBe(200);
  });

  it('should refuse a denied request and an unknown id', async () => {
    const request = await requestFor(t, session);
    const denied = await t.request('POST', `/v1/approvals/${request.id}/deny`, {
      headers: BOB,
      body: { reason: 'no' },
    });
    expect(denied.status).toBe(200);
    expect(denied.body.approval.status).toBe('denied');

    const run = await invoke(t, session, 'fs.write_file', { args: WRITE, approval_id: request.id });
    expect([run.status, run.body.error.message]).toEqual([403, 'approval request was denied']);
    const unknown = await invoke(t, session, 'fs.write_file', {
      args: WRITE,
      approval_id: 'approval-0000000000000000',
    });
    expect([unknown.status, unknown.body.error.message]).toEqual([
      403,
      'approval request not found',
    ]);
  });

  it('should answer a still pending request with 428 and the request', async () => {
    const request = await requestFor(t, session);
    const run = await invoke(t, session, 'fs.write_file', { args: WRITE, approval_id: request.id });
    expect([run.status, run.body.error.message]).toEqual([428, 'approval request is pending']);
    expect(run.body.approval_request.id).toBe(request.id);
  });

  it('should refuse self-approval but let the requester withdraw (deny) their own request', async () => {
    const request = await requestFor(t, session);
    const self = await approve(t, request.id, as('alice', 'approver'));
    expect([self.status, self.body.error.message]).toEqual([
      403,
      'approver cannot approve their own request',
    ]);
    const withdrawn = await t.request('POST', `/v1/approvals/${request.id}/deny`, {
      headers: as('alice', 'approver'),
    });
    expect(withdrawn.status).toBe(200);
  });

  it('should refuse non-approvers with 403 and hide other tenants with 404', async () => {
    const request = await requestFor(t, session);
    for (const [method, url] of [
      ['GET', '/v1/approvals'],
      ['GET', `/v1/approvals/${request.id}`],
      ['POST', `/v1/approvals/${request.id}/approve`],
      ['POST', `/v1/approvals/${request.id}/deny`],
    ]) {
      const response = await t.request(method, url, { headers: as('carol', 'developer') });
      expect([response.status, response.body.error.message]).toEqual([
        403,
        'approver role required',
      ]);
    }
    const foreign = as('eve', 'platform_admin', 'other');
    for (const [method, url] of [
      ['GET', `/v1/approvals/${request.id}`],
      ['POST', `/v1/approvals/${request.id}/approve`],
      ['POST', `/v1/approvals/${request.id}/deny`],
    ]) {
      const response = await t.request(method, url, { headers: foreign });
      expect([response.status, response.body.error.message]).toEqual([
        404,
        'approval request not found',
      ]);
    }
    const list = await t.request('GET', '/v1/approvals', { headers: foreign });
    expect(list.body).toEqual({ approvals: [] });
    const unauthenticated = await t.request('GET', '/v1/approvals');
    expect(unauthenticated.status).toBe(401);
    // platform_admin of the same tenant may decide.
    expect((await approve(t, request.id, as('dan', 'Platform_Admin'))).status).toBe(200);
  });

  it('should refuse a bad status filter and a bad reason with 400', async () => {
    const request = await requestFor(t, session);
    const status = await t.request('GET', '/v1/approvals?status=open', { headers: BOB });
    expect([status.status, status.body.error.message]).toEqual([
      400,
      'status must be one of pending, approved, denied, used, expired',
    ]);
    const long = await approve(t, request.id, BOB, { reason: 'x'.repeat(1025) });
    expect([long.status, long.body.error.message]).toEqual([
      400,
      'reason must be at most 1024 characters',
    ]);
    const unknownField = await approve(t, request.id, BOB, { approved: true });
    expect(unknownField.status).toBe(400);
    expect(
      (await t.request('GET', `/v1/approvals/${request.id}`, { headers: BOB })).body.approval
        .status,
    ).toBe('pending');
  });

  it('should run a tool that needs no approval without any request', async () => {
    const response = await invoke(t, session, 'fs.stat', { args: { path: '.' } });
    expect(response.status).toBe(200);
  });

  it('should answer a policy denial first and create no request for it', async () => {
    const before = await t.request('GET', '/v1/approvals', { headers: BOB });
    const response = await invoke(t, session, 'fs.write_file', {
      args: { path: '../escape.txt', content: 'x' },
    });
    expect(response.status).toBe(403);
    expect(response.body.approval_request).toBeUndefined();
    const after = await t.request('GET', '/v1/approvals', { headers: BOB });
    expect(after.body.approvals).toHaveLength(before.body.approvals.length);
  });
});

describe('approval requests with a 1 s TTL', () => {
  let t: TestApp;
  let session: string;

  beforeAll(async () => {
    t = await startTestApp({ ...REQUEST_MODE, WORKSPACE_APPROVAL_TTL_SECONDS: '1' });
    session = await newSession(t);
  });
  afterAll(() => t.close());

  it('should refuse to decide or use an expired request', async () => {
    const pending = await requestFor(t, session);
    const deadline = Date.now() + 30_000;
    let status = 'pending';
    while (status !== 'expired' && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 200));
      const read = await t.request('GET', `/v1/approvals/${pending.id}`, { headers: BOB });
      status = read.body.approval.status as string;
    }
    expect(status).toBe('expired');
    const expiredList = await t.request('GET', '/v1/approvals?status=expired', { headers: BOB });
    expect(expiredList.body.approvals.map((approval: JsonBody) => approval.id)).toContain(
      pending.id,
    );

    const late = await approve(t, pending.id);
    expect([late.status, late.body.error.message]).toEqual([409, 'approval request has expired']);
    const run = await invoke(t, session, 'fs.write_file', { args: WRITE, approval_id: pending.id });
    expect([run.status, run.body.error.message]).toEqual([428, 'approval request has expired']);
  });
});

describe('approval requests with WORKSPACE_APPROVAL_ALLOW_SELF=true', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp({ ...REQUEST_MODE, WORKSPACE_APPROVAL_ALLOW_SELF: 'true' });
  });
  afterAll(() => t.close());

  it('should let the requester approve and then use their own request', async () => {
    const alice = as('alice', 'approver');
    const session = await newSession(t, alice);
    const request = await requestFor(t, session);
    const self = await approve(t, request.id, alice);
    expect(self.status).toBe(200);
    expect(self.body.approval.decided_by).toEqual({ tenant: 'acme', actor: 'alice' });
    const run = await invoke(
      t,
      session,
      'fs.write_file',
      { args: WRITE, approval_id: request.id },
      alice,
    );
    expect(run.status).toBe(200);
  });
});

describe('approval routes in flag mode', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp({
      WORKSPACE_AUTH_MODE: 'trusted_headers',
      WORKSPACE_AUTH_SHARED_TOKEN: TOKEN,
    });
  });
  afterAll(() => t.close());

  it('should answer 404 on every approval route and keep "approved": true working', async () => {
    for (const [method, url] of [
      ['GET', '/v1/approvals'],
      ['GET', '/v1/approvals/approval-0000000000000000'],
      ['POST', '/v1/approvals/approval-0000000000000000/approve'],
      ['POST', '/v1/approvals/approval-0000000000000000/deny'],
    ]) {
      const response = await t.request(method, url, { headers: BOB });
      expect([response.status, response.body.error.message]).toEqual([
        404,
        'approval requests are not enabled',
      ]);
    }
    const session = await newSession(t);
    const refused = await invoke(t, session, 'fs.write_file', { args: WRITE });
    expect(refused.status).toBe(428);
    expect(refused.body.approval_request).toBeUndefined();
    const run = await invoke(t, session, 'fs.write_file', { args: WRITE, approved: true });
    expect(run.status).toBe(200);
  });
});

const redisUp = await requireService('Redis', '127.0.0.1', 6379);
const describeRedis = redisUp ? describe : describe.skip;

describeRedis('approval requests across two replicas sharing Valkey (Redis 127.0.0.1:6379)', () => {
  const run = `wes-approvals:${process.pid}:${Date.now()}`;
  const shared = mkdtempSync(join(tmpdir(), 'wes-approvals-'));
  const created: string[] = [];
  let a: TestApp;
  let b: TestApp;
  let redis: ValkeyConnection;

  beforeAll(async () => {
    const env = {
      ...REQUEST_MODE,
      // One disk for both, like one shared volume: a session is served by either replica.
      WORKSPACE_ROOT: join(shared, 'workspaces'),
      ARTIFACT_ROOT: join(shared, 'artifacts'),
      INVOCATION_STORE_BACKEND: 'valkey',
      SESSION_STORE_BACKEND: 'valkey',
      VALKEY_ADDR: '127.0.0.1:6379',
      INVOCATION_STORE_KEY_PREFIX: `${run}:invocation`,
      SESSION_STORE_KEY_PREFIX: `${run}:session`,
      WORKSPACE_APPROVAL_TTL_SECONDS: '120',
    };
    a = await startTestApp({ ...env, WORKSPACE_REPLICA_ID: 'replica-a' });
    b = await startTestApp({ ...env, WORKSPACE_REPLICA_ID: 'replica-b' });
    redis = await ValkeyConnection.open({ host: '127.0.0.1', port: 6379, db: 0 });
  }, 60_000);

  afterAll(async () => {
    await a.close();
    await b.close();
    const keys = [
      ...(await redis.client.keys(`${run}*`)),
      ...created.map((id) => `workspace:approval:${id}`),
    ];
    if (keys.length > 0) {
      await redis.client.del(...keys);
    }
    await redis.close();
    rmSync(shared, { recursive: true, force: true });
  });

  it('should let an approval granted on A be used once on B, and refuse it again on A', async () => {
    const session = await newSession(a);
    const request = await requestFor(a, session);
    created.push(request.id as string);

    expect((await approve(a, request.id)).status).toBe(200);
    const listedOnB = await b.request('GET', '/v1/approvals?status=approved', { headers: BOB });
    expect(listedOnB.body.approvals.map((approval: JsonBody) => approval.id)).toContain(request.id);
    const onB = await invoke(b, session, 'fs.write_file', { args: WRITE, approval_id: request.id });
    expect(onB.status).toBe(200);
    const onA = await invoke(a, session, 'fs.write_file', { args: WRITE, approval_id: request.id });
    expect([onA.status, onA.body.error.message]).toEqual([
      428,
      'approval request was already used',
    ]);
  });

  it('should let exactly one of many concurrent uses on both replicas run', async () => {
    const session = await newSession(a);
    const args = { path: 'notes/race.txt', content: 'once' };
    const request = await requestFor(b, session, args);
    created.push(request.id as string);
    expect((await approve(b, request.id)).status).toBe(200);

    const results = await Promise.all(
      Array.from({ length: 8 }, (_, index) =>
        invoke(index % 2 === 0 ? a : b, session, 'fs.write_file', {
          args,
          approval_id: request.id,
        }),
      ),
    );

    const statuses = results.map((result) => result.status).sort();
    expect(statuses).toEqual([200, 428, 428, 428, 428, 428, 428, 428]);
  });
});
