import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FakeKubeApiServer } from '#app/testing';
import { startTestApp, type TestApp } from './support/test-app.js';

const NAMESPACE = 'swe-ai-fleet';

// container.* in a kubernetes session end to end: task pods are created, listed, exec'd into and
// deleted with the session through a protocol-level fake API server.
describe('container.* task pods over HTTP (protocol-fake Kubernetes API)', () => {
  let fake: FakeKubeApiServer;
  let t: TestApp;
  let dir: string;

  beforeAll(async () => {
    fake = await FakeKubeApiServer.start();
    dir = mkdtempSync(join(tmpdir(), 'k8s-ctr-e2e-'));
    t = await startTestApp({
      WORKSPACE_BACKEND: 'kubernetes',
      KUBECONFIG: fake.writeKubeconfig(join(dir, 'kubeconfig')),
      HOME: dir,
      WORKSPACE_K8S_POD_JANITOR_ENABLED: 'false',
    });
  }, 30_000);

  afterAll(async () => {
    await t?.close();
    await fake?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const invoke = (id: string, tool: string, args: Record<string, unknown> = {}, approved = false) =>
    t.request('POST', `/v1/sessions/${id}/tools/${tool}/invoke`, {
      body: { args, ...(approved ? { approved: true } : {}) },
    });

  it('should run an approved task pod, list it, exec into it and delete it when the session closes', async () => {
    const created = await t.request('POST', '/v1/sessions', {
      body: {
        session_id: 'Ctr_E2E',
        principal: { tenant_id: 'acme', actor_id: 'alice', roles: ['developer'] },
      },
    });
    expect(created.status).toBe(201);
    const sessionId = created.body.session.id as string;

    const ran = await invoke(
      sessionId,
      'container.run',
      { image_ref: 'docker.io/library/alpine:3.20', command: ['sleep', '3600'], name: 'worker' },
      true,
    );
    expect(ran.status).toBe(200);
    const output = ran.body.invocation.output;
    expect(output).toMatchObject({
      runtime: 'k8s',
      simulated: false,
      status: 'running',
      namespace: NAMESPACE,
      name: 'worker',
    });
    const podName = output.pod_name as string;
    expect(podName).toMatch(/^ws-ctr-worker-[0-9a-f]{6}$/);
    expect(fake.get('pods', NAMESPACE, podName)?.metadata.labels).toEqual({
      app: 'workspace-container-run',
      workspace_session_id: 'ctr_e2e',
      workspace_tenant: 'acme',
    });

    const listed = await invoke(sessionId, 'container.ps');
    expect(listed.status).toBe(200);
    expect(listed.body.invocation.output).toMatchObject({
      runtime: 'k8s',
      count: 1,
      containers: [
        { id: podName, name: podName, image: 'docker.io/library/alpine:3.20', status: 'running' },
      ],
    });

    const executed = await invoke(
      sessionId,
      'container.exec',
      { container_id: podName, command: ['echo', 'hello'] },
      true,
    );
    expect(executed.status).toBe(200);
    expect(executed.body.invocation.output).toMatchObject({
      runtime: 'k8s',
      exit_code: 0,
      output: 'hello\n',
    });
    expect(fake.execs.at(-1)).toMatchObject({ pod: podName, container: 'task' });

    const closed = await t.request('DELETE', `/v1/sessions/${sessionId}`);
    expect(closed.status).toBe(200);
    expect(fake.get('pods', NAMESPACE, podName)).toBeUndefined();
    expect(fake.list('pods', NAMESPACE)).toEqual([]);
  }, 30_000);
});
