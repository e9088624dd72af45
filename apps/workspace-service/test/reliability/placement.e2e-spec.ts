import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { RedisServerProcess } from '#app/testing';
import {
  call,
  createSession,
  invoke,
  privateRedis,
  ServiceUnderTest,
  valkeyEnv,
} from './support/reliability-harness.js';

const redis = await privateRedis();
const describeRedis = redis ? describe : describe.skip;

const ELSEWHERE = {
  code: 'unavailable',
  message: 'session workspace is not on this replica',
  retryable: true,
};

// Issue #13 (API.md 8.3): the local backend with one disk per replica and one shared session store.
describeRedis('local sessions on two replicas with their own disks (private redis-server)', () => {
  let root: string;
  let a: ServiceUnderTest;
  let b: ServiceUnderTest;

  beforeAll(async () => {
    root = mkdtempSync(join(tmpdir(), 'wes-placement-'));
    const port = (redis as RedisServerProcess).port;
    // One after the other: two cold starts at once on a loaded 2-core machine take long.
    a = await ServiceUnderTest.start(valkeyEnv(port, join(root, 'a'), 'rel-placement'));
    b = await ServiceUnderTest.start(valkeyEnv(port, join(root, 'b'), 'rel-placement'));
  }, 150_000);

  afterAll(async () => {
    await Promise.all([a?.stop(), b?.stop()]);
    await redis?.stop();
    rmSync(root, { recursive: true, force: true });
  });

  it('should answer 503 on every session route of the other replica while the creator keeps serving', async () => {
    const sessionId = await createSession(a.port);
    const written = await invoke(a.port, sessionId, 'fs.write_file', {
      approved: true,
      args: { path: 'x.txt', content: 'from a' },
    });
    expect(written.status).toBe(200);
    const created = await call(a.port, 'GET', `/v1/sessions/${sessionId}`);
    const workspaceRootId = readFileSync(
      join(root, 'a', 'workspaces', '.workspace-root-id'),
      'utf8',
    );
    expect(created.body['session'].runtime.workspace_root_id).toBe(workspaceRootId.trim());

    const onB = {
      get: await call(b.port, 'GET', `/v1/sessions/${sessionId}`),
      tools: await call(b.port, 'GET', `/v1/sessions/${sessionId}/tools`),
      read: await invoke(b.port, sessionId, 'fs.read_file', { args: { path: 'x.txt' } }),
      write: await invoke(b.port, sessionId, 'fs.write_file', {
        approved: true,
        args: { path: 'x.txt', content: 'from b' },
      }),
      unknownTool: await invoke(b.port, sessionId, 'no.such_tool', { args: {} }),
      delete: await call(b.port, 'DELETE', `/v1/sessions/${sessionId}`),
    };
    for (const [route, response] of Object.entries(onB)) {
      expect({ route, status: response.status, body: response.body }).toEqual({
        route,
        status: 503,
        body: { error: ELSEWHERE },
      });
    }
    const head = await call(b.port, 'HEAD', `/v1/sessions/${sessionId}`);
    expect(head.status).toBe(503);
    const sameId = await call(b.port, 'POST', '/v1/sessions', {
      body: { session_id: sessionId, principal: { tenant_id: 'acme', actor_id: 'alice' } },
    });
    expect(sameId.status).toBe(409);
    expect(sameId.body['error']['code']).toBe('conflict');
    // Invocation reads need only the record: any replica answers them.
    const record = await call(b.port, 'GET', `/v1/invocations/${written.body['invocation'].id}`);
    expect(record.status).toBe(200);
    expect(record.body['invocation'].id).toBe(written.body['invocation'].id);

    // A still serves the untouched session: B neither closed it nor wrote to it.
    expect((await call(a.port, 'GET', `/v1/sessions/${sessionId}`)).body).toEqual(created.body);
    expect((await call(a.port, 'GET', `/v1/sessions/${sessionId}/tools`)).status).toBe(200);
    const read = await invoke(a.port, sessionId, 'fs.read_file', { args: { path: 'x.txt' } });
    expect(read.status).toBe(200);
    expect(read.body['invocation'].output.content).toBe('from a');

    expect((await call(a.port, 'DELETE', `/v1/sessions/${sessionId}`)).status).toBe(200);
    const afterClose = await call(b.port, 'GET', `/v1/sessions/${sessionId}`);
    expect(afterClose.status).toBe(404);
    expect(afterClose.body['error']['message']).toBe('session not found');
  }, 120_000);
});
