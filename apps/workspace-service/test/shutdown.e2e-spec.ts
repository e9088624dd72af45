import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, spawnService, waitReady } from './support/service-process.js';
import { connectSse, hasDone } from './support/sse-client.js';

// API.md 12.3 with the built service: SIGTERM drains in-flight invocations for the grace period,
// cancels what is left as `timeout`, and exits 0.
describe('graceful shutdown', () => {
  let root: string;
  let project: string;

  beforeAll(() => {
    root = mkdtempSync(join(tmpdir(), 'wes-shutdown-'));
    project = join(root, 'project');
    mkdirSync(project);
    // `npm test` sleeps 3 s: long enough to be in flight when the signal arrives.
    writeFileSync(
      join(project, 'package.json'),
      JSON.stringify({
        name: 'slow',
        version: '1.0.0',
        scripts: { test: 'node -e "setTimeout(() => {}, 3000)"' },
      }),
    );
  });
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  async function startWithSlowInvocation(graceSeconds: string) {
    const port = await freePort();
    const service = spawnService(
      {
        WORKSPACE_ROOT: join(root, `w${port}`),
        ARTIFACT_ROOT: join(root, `a${port}`),
        WORKSPACE_SHUTDOWN_GRACE_SECONDS: graceSeconds,
      },
      port,
    );
    await waitReady(port);
    const base = `http://127.0.0.1:${port}`;
    const created = await fetch(`${base}/v1/sessions`, {
      method: 'POST',
      body: JSON.stringify({
        principal: { tenant_id: 't', actor_id: 'a' },
        source_repo_path: project,
      }),
    });
    const { session } = (await created.json()) as { session: { id: string } };
    const invocation = fetch(`${base}/v1/sessions/${session.id}/tools/repo.run_tests/invoke`, {
      method: 'POST',
      body: '{}',
    });
    await new Promise((resolve) => setTimeout(resolve, 800));
    service.child.kill('SIGTERM');
    return { service, invocation, base };
  }

  it('should let an in-flight invocation finish within the grace period, then exit 0', async () => {
    const { service, invocation } = await startWithSlowInvocation('20');
    const response = await invocation;
    expect(response.status).toBe(200);
    const body = (await response.json()) as { invocation: { status: string; exit_code: number } };
    expect(body.invocation.status).toBe('succeeded');
    expect(await service.exited).toBe(0);
  }, 90_000);

  it('should cancel what is still running when the grace period ends, recording timeout', async () => {
    const { service, invocation } = await startWithSlowInvocation('1');
    const response = await invocation;
    expect(response.status).toBe(504);
    const body = (await response.json()) as {
      invocation: { status: string };
      error: { code: string; message: string; retryable: boolean };
    };
    expect(body.invocation.status).toBe('failed');
    expect(body.error).toEqual({
      code: 'timeout',
      message: 'invocation cancelled: service shutting down',
      retryable: true,
    });
    expect(await service.exited).toBe(0);
  }, 90_000);

  // API.md 5.10: an async invocation is drained and cancelled exactly like a synchronous one; its
  // event stream, open on the replica, gets the `done` before the service exits.
  async function startWithSlowAsyncInvocation(graceSeconds: string) {
    const port = await freePort();
    const service = spawnService(
      {
        WORKSPACE_ROOT: join(root, `w${port}`),
        ARTIFACT_ROOT: join(root, `a${port}`),
        WORKSPACE_SHUTDOWN_GRACE_SECONDS: graceSeconds,
      },
      port,
    );
    await waitReady(port);
    const base = `http://127.0.0.1:${port}`;
    const created = await fetch(`${base}/v1/sessions`, {
      method: 'POST',
      body: JSON.stringify({
        principal: { tenant_id: 't', actor_id: 'a' },
        source_repo_path: project,
      }),
    });
    const { session } = (await created.json()) as { session: { id: string } };
    const accepted = await fetch(`${base}/v1/sessions/${session.id}/tools/repo.run_tests/invoke`, {
      method: 'POST',
      body: '{"async":true}',
    });
    expect(accepted.status).toBe(202);
    const location = accepted.headers.get('location') as string;
    const stream = await connectSse(`${base}${location}/events`);
    await stream.waitFor((events) => events.some((event) => event.event === 'status'));
    service.child.kill('SIGTERM');
    return { service, stream };
  }

  it('should let an async invocation finish within the grace period and deliver its done', async () => {
    const { service, stream } = await startWithSlowAsyncInvocation('20');

    const events = await stream.waitFor(hasDone, 60_000);

    expect(events.at(-1)?.data).toMatchObject({ status: 'succeeded', async: true });
    expect(await service.exited).toBe(0);
  }, 90_000);

  it('should cancel an async invocation still running when the grace period ends, recording timeout', async () => {
    const { service, stream } = await startWithSlowAsyncInvocation('1');

    const events = await stream.waitFor(hasDone, 60_000);

    expect(events.at(-1)?.data).toMatchObject({
      status: 'failed',
      error: { code: 'timeout', message: 'invocation cancelled: service shutting down' },
    });
    expect(await service.exited).toBe(0);
  }, 90_000);
});
