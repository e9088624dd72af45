import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FakeKubeApiServer } from '#app/testing';
import { startTestApp, type TestApp } from './support/test-app.js';

const NAMESPACE = 'swe-ai-fleet';

// WORKSPACE_BACKEND=kubernetes end to end: the service talks to a protocol-level fake API server
// through a kubeconfig file; pod exec really runs the commands in a local directory standing for
// the pod's /workspace.
describe('kubernetes backend over HTTP (protocol-fake Kubernetes API)', () => {
  let fake: FakeKubeApiServer;
  let t: TestApp;
  let dir: string;
  let sessionId: string;
  let podDir: string;

  beforeAll(async () => {
    fake = await FakeKubeApiServer.start();
    dir = mkdtempSync(join(tmpdir(), 'k8s-e2e-'));
    t = await startTestApp({
      WORKSPACE_BACKEND: 'kubernetes',
      KUBECONFIG: fake.writeKubeconfig(join(dir, 'kubeconfig')),
      HOME: dir,
      WORKSPACE_K8S_POD_JANITOR_ENABLED: 'false',
    });
    const created = await t.request('POST', '/v1/sessions', {
      body: {
        session_id: 'K8s_E2E',
        principal: { tenant_id: 'Acme Corp', actor_id: 'alice', roles: ['developer'] },
      },
    });
    expect(created.status).toBe(201);
    sessionId = created.body.session.id;
    podDir = join(fake.podDir(NAMESPACE, 'ws-k8s-e2e'), 'repo');
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

  it('should create the session pod with the specified spec and report the kubernetes runtime', async () => {
    const session = (await t.request('GET', `/v1/sessions/${sessionId}`)).body.session;
    expect(session.workspace_path).toBe('/workspace/repo');
    expect(session.runtime).toEqual({
      kind: 'kubernetes',
      namespace: NAMESPACE,
      pod_name: 'ws-k8s-e2e',
      container: 'runner',
      workdir: '/workspace/repo',
    });
    const create = fake.requests.find(
      (request) =>
        request.method === 'POST' && request.path === `/api/v1/namespaces/${NAMESPACE}/pods`,
    );
    const pod = create?.body;
    expect(pod?.metadata).toEqual({
      name: 'ws-k8s-e2e',
      namespace: NAMESPACE,
      labels: { app: 'workspace-session', workspace_id: 'k8s_e2e', workspace_tenant: 'acme-corp' },
      // The exact id, which the normalised label cannot carry (the janitor looks sessions up by it).
      annotations: { 'workspace-service/session-id': 'K8s_E2E' },
    });
    expect(pod?.spec).toMatchObject({
      restartPolicy: 'Never',
      automountServiceAccountToken: false,
      securityContext: {
        runAsNonRoot: true,
        runAsUser: 1000,
        runAsGroup: 1000,
        fsGroup: 1000,
        seccompProfile: { type: 'RuntimeDefault' },
      },
      volumes: [{ name: 'workspace', emptyDir: {} }],
    });
    expect(pod?.spec.initContainers[0]).toMatchObject({
      name: 'repo-init',
      image: 'docker.io/alpine/git:2.45.2',
      imagePullPolicy: 'Always',
    });
    expect(pod?.spec.containers[0]).toMatchObject({
      name: 'runner',
      image: 'docker.io/library/alpine:3.20',
      imagePullPolicy: 'IfNotPresent',
      workingDir: '/workspace/repo',
    });
  });

  it('should write and read a file in the pod through exec when fs tools are invoked', async () => {
    const written = await invoke(
      sessionId,
      'fs.write_file',
      { path: 'notes/hello.txt', content: "it's here\n" },
      true,
    );
    expect(written.status).toBe(200);
    expect(written.body.invocation.output).toMatchObject({
      path: 'notes/hello.txt',
      bytes_written: 10,
    });
    expect(readFileSync(join(podDir, 'notes/hello.txt'), 'utf8')).toBe("it's here\n");
    const read = await invoke(sessionId, 'fs.read_file', { path: 'notes/hello.txt' });
    expect(read.status).toBe(200);
    expect(read.body.invocation.output).toEqual({
      path: 'notes/hello.txt',
      content: "it's here\n",
      encoding: 'utf8',
      size_bytes: 10,
      truncated: false,
    });
    expect(
      fake.execs.every((record) => record.pod === 'ws-k8s-e2e' && record.container === 'runner'),
    ).toBe(true);
  });

  it('should run git.status and repo.run_tests in the pod when the workdir holds a repository', async () => {
    writeFileSync(
      join(podDir, 'package.json'),
      JSON.stringify({ name: 'pod-project', version: '1.0.0', scripts: { test: 'node --test' } }),
    );
    writeFileSync(join(podDir, 'ok.test.js'), "require('node:test')('passes', () => {});\n");
    execFileSync('git', ['init', '-q'], { cwd: podDir });
    const status = await invoke(sessionId, 'git.status');
    expect(status.status).toBe(200);
    expect(JSON.stringify(status.body.invocation.output)).toContain('package.json');
    const tests = await invoke(sessionId, 'repo.run_tests');
    expect(tests.status).toBe(200);
    expect(tests.body.invocation.output).toMatchObject({ exit_code: 0 });
  }, 60_000);

  it('should list pods with k8s.get_pods for a devops principal and refuse a developer', async () => {
    const devops = await t.request('POST', '/v1/sessions', {
      body: { principal: { tenant_id: 'acme', actor_id: 'ops', roles: ['devops'] } },
    });
    expect(devops.status).toBe(201);
    const listed = await invoke(devops.body.session.id, 'k8s.get_pods', {
      label_selector: 'app=workspace-session',
    });
    expect(listed.status).toBe(200);
    const output = listed.body.invocation.output;
    expect(output).toMatchObject({
      namespace: NAMESPACE,
      source: 'k8s_sdk',
      count: 2,
      truncated: false,
    });
    expect(output.pods.map((pod: { name: string }) => pod.name)).toContain('ws-k8s-e2e');
    expect(output.pods[0]).toMatchObject({ phase: 'Running', namespace: NAMESPACE });
    const denied = await invoke(sessionId, 'k8s.get_pods');
    expect(denied.status).toBe(403);
  });

  it('should answer 409 when a new session id maps onto an existing pod name', async () => {
    const clash = await t.request('POST', '/v1/sessions', {
      body: { session_id: 'k8s-e2e', principal: { tenant_id: 'acme', actor_id: 'bob' } },
    });
    expect(clash.status).toBe(409);
    expect(clash.body.error).toMatchObject({
      code: 'conflict',
      message: 'session id conflicts with an existing workspace pod',
    });
  });

  it('should refuse source_repo_path, local repo_url forms and unknown runner profiles with 400', async () => {
    const principal = { tenant_id: 'acme', actor_id: 'bob' };
    const source = await t.request('POST', '/v1/sessions', {
      body: { principal, source_repo_path: dir },
    });
    expect(source.status).toBe(400);
    expect(source.body.error.message).toBe(
      'source_repo_path is not supported by the kubernetes backend',
    );
    const local = await t.request('POST', '/v1/sessions', {
      body: { principal, repo_url: `file://${dir}` },
    });
    expect(local.status).toBe(400);
    const profile = await t.request('POST', '/v1/sessions', {
      body: { principal, metadata: { runner_profile: ' Fat ' } },
    });
    expect(profile.status).toBe(400);
    expect(profile.body.error.message).toBe('runner profile "fat" is not configured');
  });

  it('should delete the session pod when the session is closed', async () => {
    const closed = await t.request('DELETE', `/v1/sessions/${sessionId}`);
    expect(closed.status).toBe(200);
    expect(fake.get('pods', NAMESPACE, 'ws-k8s-e2e')).toBeUndefined();
    expect(existsSync(podDir)).toBe(false);
    expect(
      fake.requests.some(
        (request) => request.method === 'DELETE' && request.path.endsWith('/pods/ws-k8s-e2e'),
      ),
    ).toBe(true);
    expect((await t.request('GET', `/v1/sessions/${sessionId}`)).status).toBe(404);
  });
});
