import {
  chmodSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readlinkSync,
  rmSync,
  statSync,
  symlinkSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FakeKubeApiServer } from '#app/testing';
import { startTestApp, type TestApp, type TestResponse } from './support/test-app.js';

const NAMESPACE = 'swe-ai-fleet';
const TOKEN = 'kfork-token';

const as = (tenant: string, actor: string): Record<string, string> => ({
  'X-Workspace-Auth-Token': TOKEN,
  'X-Workspace-Tenant-Id': tenant,
  'X-Workspace-Actor-Id': actor,
  'X-Workspace-Roles': 'developer',
});
const owner = as('tenant-a', 'alice');

// API.md 5.16 with WORKSPACE_BACKEND=kubernetes: the fork is a new pod whose workspace is streamed
// from the source pod through the service (archive exec | extraction exec). The fake runs each exec
// locally in a directory standing for the pod's /workspace, so the copy really happens.
describe('fork a kubernetes session (fake Kubernetes API server)', () => {
  let fake: FakeKubeApiServer;
  let t: TestApp;
  let dir: string;

  const podDir = (pod: string): string => join(fake.podDir(NAMESPACE, pod), 'repo');
  const create = async (sessionId: string): Promise<string> => {
    const response = await t.request('POST', '/v1/sessions', {
      headers: owner,
      body: { session_id: sessionId, metadata: { team: 'x' } },
    });
    expect(response.status).toBe(201);
    return response.body.session.id as string;
  };
  const fork = (id: string, body: unknown = {}, headers = owner): Promise<TestResponse> =>
    t.request('POST', `/v1/sessions/${id}/fork`, { headers, body });
  const write = async (id: string, path: string, content: string): Promise<void> => {
    const response = await t.request('POST', `/v1/sessions/${id}/tools/fs.write_file/invoke`, {
      headers: owner,
      body: { approved: true, args: { path, content } },
    });
    expect(response.status).toBe(200);
  };
  const read = (id: string, path: string): Promise<TestResponse> =>
    t.request('POST', `/v1/sessions/${id}/tools/fs.read_file/invoke`, {
      headers: owner,
      body: { args: { path } },
    });
  const content = async (id: string, path: string): Promise<unknown> => {
    const response = await read(id, path);
    expect(response.status).toBe(200);
    return response.body.invocation.output.content;
  };
  const podCreates = (name: string) =>
    fake.requests.filter(
      (request) =>
        request.method === 'POST' &&
        request.path === `/api/v1/namespaces/${NAMESPACE}/pods` &&
        request.body?.metadata?.name === name,
    );
  const activeSessions = async (): Promise<string | undefined> =>
    (await t.request('GET', '/metrics')).text
      .split('\n')
      .find((line) => line.startsWith('workspace_sessions_active '));

  beforeAll(async () => {
    fake = await FakeKubeApiServer.start();
    dir = mkdtempSync(join(tmpdir(), 'k8s-fork-e2e-'));
    t = await startTestApp({
      WORKSPACE_BACKEND: 'kubernetes',
      KUBECONFIG: fake.writeKubeconfig(join(dir, 'kubeconfig')),
      HOME: dir,
      WORKSPACE_K8S_POD_JANITOR_ENABLED: 'false',
      WORKSPACE_AUTH_MODE: 'trusted_headers',
      WORKSPACE_AUTH_SHARED_TOKEN: TOKEN,
      WORKSPACE_MAX_SESSION_TTL_SECONDS: '7200',
    });
  }, 30_000);

  afterAll(async () => {
    await t?.close();
    await fake?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  afterEach(() => {
    fake.execRefusal = () => undefined;
  });

  it('should stream a workspace modified through tools into a new pod (fake Kubernetes API server), leaving out escaping and dangling symlinks, after which the two diverge', async () => {
    const source = await create('kfork-src');
    await write(source, 'notes/state.txt', 'before fork\n');
    await write(source, 'src/deep/nested/run.sh', '#!/bin/sh\necho hi\n');
    await write(source, '.git/HEAD', 'ref: refs/heads/main\n');
    const sourceDir = podDir('ws-kfork-src');
    chmodSync(join(sourceDir, 'src/deep/nested/run.sh'), 0o751);
    symlinkSync('notes/state.txt', join(sourceDir, 'state-link'));
    symlinkSync('../../notes/state.txt', join(sourceDir, 'src/deep/up-link'));
    symlinkSync('/etc/passwd', join(sourceDir, 'x'));
    symlinkSync('missing.txt', join(sourceDir, 'dangling'));
    mkdirSync(join(sourceDir, 'empty-dir'));

    const response = await fork(source, { session_id: 'kfork-copy', metadata: { purpose: 'try' } });

    expect(response.status).toBe(201);
    const forked = response.body.session;
    expect(forked).toMatchObject({
      id: 'kfork-copy',
      forked_from: source,
      principal: { tenant_id: 'tenant-a', actor_id: 'alice', roles: ['developer'] },
      metadata: { team: 'x', purpose: 'try' },
      workspace_path: '/workspace/repo',
      runtime: {
        kind: 'kubernetes',
        namespace: NAMESPACE,
        pod_name: 'ws-kfork-copy',
        container: 'runner',
        workdir: '/workspace/repo',
      },
    });
    // Built exactly as a new session pod: same spec, labels of its own id, same tenant.
    const [sourcePod] = podCreates('ws-kfork-src');
    const [forkPod] = podCreates('ws-kfork-copy');
    expect(forkPod?.body?.spec).toEqual(sourcePod?.body?.spec);
    expect(forkPod?.body?.metadata).toEqual({
      name: 'ws-kfork-copy',
      namespace: NAMESPACE,
      labels: {
        app: 'workspace-session',
        workspace_id: 'kfork-copy',
        workspace_tenant: 'tenant-a',
      },
      annotations: {
        'workspace-service/session-id': 'kfork-copy',
        // Keeps the pod janitor off the record-less pod while the workspace streams (API.md 8.7).
        'workspace-service/provisioning-until': expect.stringMatching(
          /^\d{4}-\d\d-\d\dT/,
        ) as unknown,
      },
    });
    const until = Date.parse(
      forkPod?.body?.metadata.annotations['workspace-service/provisioning-until'],
    );
    expect(until).toBeGreaterThan(Date.now());
    expect(sourcePod?.body?.metadata.annotations).toEqual({
      'workspace-service/session-id': 'kfork-src',
    });
    // One archive exec in the source pod, one extraction exec (with stdin) in the new pod.
    const execs = fake.requests.filter((request) => request.method === 'EXEC');
    const archive = execs.filter((exec) => exec.path.endsWith('/pods/ws-kfork-src/exec')).at(-1);
    const extract = execs.find((exec) => exec.path.endsWith('/pods/ws-kfork-copy/exec'));
    expect(archive?.query).toMatchObject({ container: 'runner', stdin: 'false' });
    expect(extract?.query).toMatchObject({ container: 'runner', stdin: 'true' });

    const forkDir = podDir('ws-kfork-copy');
    expect(await content(forked.id, 'notes/state.txt')).toBe('before fork\n');
    expect(await content(forked.id, 'src/deep/nested/run.sh')).toBe('#!/bin/sh\necho hi\n');
    expect(await content(forked.id, '.git/HEAD')).toBe('ref: refs/heads/main\n');
    expect(statSync(join(forkDir, 'src/deep/nested/run.sh')).mode & 0o7777).toBe(0o751);
    expect(statSync(join(forkDir, 'empty-dir')).isDirectory()).toBe(true);
    expect(readlinkSync(join(forkDir, 'state-link'))).toBe('notes/state.txt');
    expect(readlinkSync(join(forkDir, 'src/deep/up-link'))).toBe('../../notes/state.txt');
    expect(await content(forked.id, 'state-link')).toBe('before fork\n');
    expect(() => lstatSync(join(forkDir, 'x'))).toThrow();
    expect(() => lstatSync(join(forkDir, 'dangling'))).toThrow();
    expect((await read(forked.id, 'x')).status).toBe(404);

    await write(source, 'notes/state.txt', 'source after\n');
    await write(forked.id, 'notes/state.txt', 'fork after\n');
    await write(forked.id, 'fork-only.txt', 'new\n');
    expect(await content(source, 'notes/state.txt')).toBe('source after\n');
    expect(await content(forked.id, 'notes/state.txt')).toBe('fork after\n');
    expect((await read(source, 'fork-only.txt')).status).toBe(404);
    expect(readFileSync(join(sourceDir, 'notes/state.txt'), 'utf8')).toBe('source after\n');
    const got = await t.request('GET', `/v1/sessions/${forked.id}`, { headers: owner });
    expect(got.body.session.forked_from).toBe(source);
  });

  it('should answer 500 source copy failed when the archive fails in the source pod (fake Kubernetes API server), leaving no pod, record or metric change', async () => {
    const source = await create('kfork-broken');
    // The pod is there (the lookup keeps the session) but its workdir is gone: the archive fails.
    rmSync(podDir('ws-kfork-broken'), { recursive: true, force: true });
    const activeBefore = await activeSessions();
    expect(activeBefore).toMatch(/^workspace_sessions_active \d+$/);

    const response = await fork(source, { session_id: 'kfork-failed' });

    expect(response.status).toBe(500);
    expect(response.body.error.code).toBe('internal');
    expect(response.body.error.message).toMatch(
      /^source copy failed: archive of the source workspace exited with [1-9]\d*/,
    );
    expect(podCreates('ws-kfork-failed')).toHaveLength(1);
    expect(fake.get('pods', NAMESPACE, 'ws-kfork-failed')).toBeUndefined();
    expect(
      fake.requests.some(
        (request) => request.method === 'DELETE' && request.path.endsWith('/pods/ws-kfork-failed'),
      ),
    ).toBe(true);
    expect((await t.request('GET', '/v1/sessions/kfork-failed', { headers: owner })).status).toBe(
      404,
    );
    expect(await activeSessions()).toBe(activeBefore);
  });

  it('should answer 500 and delete the new pod when the API server refuses the extraction exec (fake Kubernetes API server)', async () => {
    const source = await create('kfork-refused-src');
    await write(source, 'a.txt', 'a');
    fake.execRefusal = (exec) => (exec.pod === 'ws-kfork-refused' ? 400 : undefined);

    const response = await fork(source, { session_id: 'kfork-refused' });

    expect(response.status).toBe(500);
    expect(response.body.error.message).toMatch(
      /^source copy failed: extraction in the new pod failed: /,
    );
    expect(fake.get('pods', NAMESPACE, 'ws-kfork-refused')).toBeUndefined();
    expect((await t.request('GET', '/v1/sessions/kfork-refused', { headers: owner })).status).toBe(
      404,
    );
    // The source is untouched and still served.
    expect(await content(source, 'a.txt')).toBe('a');
  });

  it('should answer 401, 404 and 403 to callers other than the owner and create no pod (fake Kubernetes API server)', async () => {
    const source = await create('kfork-owned');
    const path = `/v1/sessions/${source}/fork`;
    const before = fake.requests.filter((request) => request.method === 'POST').length;

    const anonymous = await t.request('POST', path, { body: {} });
    const unknown = await fork('session-0000000000000000', {}, as('tenant-b', 'bob'));
    const otherTenant = await t.request('POST', path, {
      headers: as('tenant-b', 'alice'),
      rawBody: 'not json',
    });
    const otherActor = await fork(
      source,
      { session_id: 'kfork-stolen' },
      as('tenant-a', 'mallory'),
    );

    expect(anonymous.status).toBe(401);
    expect(unknown.status).toBe(404);
    expect({ status: otherTenant.status, code: otherTenant.body.error.code }).toEqual({
      status: 403,
      code: 'policy_denied',
    });
    expect({ status: otherActor.status, code: otherActor.body.error.code }).toEqual({
      status: 403,
      code: 'policy_denied',
    });
    expect(fake.requests.filter((request) => request.method === 'POST').length).toBe(before);
    expect(fake.get('pods', NAMESPACE, 'ws-kfork-stolen')).toBeUndefined();
  });
});
