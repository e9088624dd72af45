import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AppException } from '#app/errors';
import { FakeKubeApiServer, kubernetesConfig } from '#app/testing';
import { createKubeClient, type KubeClient } from '#app/kubernetes';
import { KubernetesWorkspaceManager } from './kubernetes-workspace-manager.js';
import { REPO_INIT_SCRIPT } from './repo-init.script.js';
import { buildSessionPod } from './session-pod.builder.js';

const principal = { tenant_id: 'acme', actor_id: 'dev', roles: [] };

describe('buildSessionPod', () => {
  it('should build the exact API.md 8.4 pod with a git-auth volume only in the init container when a secret applies', () => {
    const pod = buildSessionPod(
      kubernetesConfig({
        serviceAccount: 'runner-sa',
        readOnlyRootFs: true,
        runnerImageBundles: { fat: 'registry/fat:v1' },
      }),
      {
        sessionId: 'S1',
        tenantId: 'Acme',
        metadata: {
          git_secret_name: 'fallback',
          git_auth_secret: 'creds',
          runner_profile: ' FAT ',
        },
        repoUrl: 'https://git.example/r.git',
        repoRef: 'main',
      },
    );
    const security = {
      allowPrivilegeEscalation: false,
      runAsNonRoot: true,
      runAsUser: 1000,
      runAsGroup: 1000,
      capabilities: { drop: ['ALL'] },
    };
    expect(pod.spec).toEqual({
      restartPolicy: 'Never',
      automountServiceAccountToken: false,
      serviceAccountName: 'runner-sa',
      securityContext: {
        runAsNonRoot: true,
        runAsUser: 1000,
        runAsGroup: 1000,
        fsGroup: 1000,
        seccompProfile: { type: 'RuntimeDefault' },
      },
      volumes: [
        { name: 'workspace', emptyDir: {} },
        { name: 'git-auth', secret: { secretName: 'creds', defaultMode: 0o440 } },
      ],
      initContainers: [
        {
          name: 'repo-init',
          image: 'docker.io/alpine/git:2.45.2',
          imagePullPolicy: 'Always',
          command: ['sh', '-c', REPO_INIT_SCRIPT],
          env: [
            { name: 'HOME', value: '/tmp/workspace-home' },
            { name: 'WORKSPACE_WORKDIR', value: '/workspace/repo' },
            { name: 'WORKSPACE_REPO_URL', value: 'https://git.example/r.git' },
            { name: 'WORKSPACE_REPO_REF', value: 'main' },
          ],
          securityContext: { ...security, readOnlyRootFilesystem: false },
          volumeMounts: [
            { name: 'workspace', mountPath: '/workspace' },
            { name: 'git-auth', mountPath: '/var/run/workspace-git-auth', readOnly: true },
          ],
        },
      ],
      containers: [
        {
          name: 'runner',
          image: 'registry/fat:v1',
          imagePullPolicy: 'IfNotPresent',
          command: [
            'sh',
            '-lc',
            'trap "exit 0" TERM INT; while true; do sleep 3600 & wait $!; done',
          ],
          workingDir: '/workspace/repo',
          securityContext: { ...security, readOnlyRootFilesystem: true },
          volumeMounts: [{ name: 'workspace', mountPath: '/workspace' }],
        },
      ],
    });
    expect(REPO_INIT_SCRIPT).not.toContain('git.example');
  });

  it('should never mount a service-account token, whatever the configuration object says', () => {
    const pod = buildSessionPod(
      kubernetesConfig({ automountServiceAccountToken: true, serviceAccount: 'workspace-runner' }),
      {
        sessionId: 's',
        tenantId: 't',
        metadata: {},
      },
    );
    expect(pod.spec?.automountServiceAccountToken).toBe(false);
    expect(pod.spec?.serviceAccountName).toBe('workspace-runner');
  });

  it('should omit the service account and git volume and refuse an unknown profile when none is configured', () => {
    const pod = buildSessionPod(kubernetesConfig(), {
      sessionId: 's',
      tenantId: 't',
      metadata: {},
    });
    expect(pod.spec?.serviceAccountName).toBeUndefined();
    expect(pod.spec?.volumes).toEqual([{ name: 'workspace', emptyDir: {} }]);
    expect(() =>
      buildSessionPod(kubernetesConfig(), {
        sessionId: 's',
        tenantId: 't',
        metadata: { runner_profile: 'base' },
      }),
    ).toThrow(new AppException('invalid_argument', 'runner profile "base" is not configured'));
  });
});

describe('KubernetesWorkspaceManager (protocol-fake Kubernetes API)', () => {
  let fake: FakeKubeApiServer;
  let client: KubeClient;
  let dir: string;

  beforeEach(async () => {
    fake = await FakeKubeApiServer.start();
    dir = mkdtempSync(join(tmpdir(), 'k8s-manager-'));
    client = createKubeClient({ kubeconfig: fake.writeKubeconfig(join(dir, 'kubeconfig')) });
  });
  afterEach(async () => {
    await fake.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const failure = async (promise: Promise<unknown>) => {
    try {
      await promise;
      return null;
    } catch (error) {
      return error instanceof AppException
        ? { code: error.code, message: error.message }
        : String(error);
    }
  };

  it('should delete the pod and answer 500 not ready when the Ready condition never comes', async () => {
    fake.podBehaviour = () => 'never-ready';
    const manager = new KubernetesWorkspaceManager(
      kubernetesConfig({ readyTimeoutSeconds: 1 }),
      client,
      100,
    );
    const result = await failure(manager.create({ sessionId: 'slow', principal, metadata: {} }));
    expect(result).toEqual({
      code: 'internal',
      message:
        'kubernetes workspace pod not ready: timed out after 1s waiting for the Ready condition',
    });
    expect(fake.get('pods', 'swe-ai-fleet', 'ws-slow')).toBeUndefined();
    const polls = fake.requests.filter(
      (request) => request.method === 'GET' && request.path.endsWith('/pods/ws-slow'),
    );
    expect(polls.length).toBeGreaterThanOrEqual(5);
  });

  it('should fail at once with the init container reason when the pod phase is Failed', async () => {
    fake.podBehaviour = () => 'fail';
    const manager = new KubernetesWorkspaceManager(kubernetesConfig(), client, 100);
    const result = await failure(manager.create({ sessionId: 'bad', principal, metadata: {} }));
    expect(result).toEqual({
      code: 'internal',
      message:
        'kubernetes workspace pod not ready: pod phase Failed: repo-init Error (exit 128) fatal: repository not found',
    });
    expect(fake.get('pods', 'swe-ai-fleet', 'ws-bad')).toBeUndefined();
  });

  describe('fork (API.md 5.16)', () => {
    const forkOf = async (manager: KubernetesWorkspaceManager) => {
      const source = await manager.create({ sessionId: 'origin', principal, metadata: {} });
      const workdir = join(fake.podDir('swe-ai-fleet', 'ws-origin'), 'repo');
      mkdirSync(join(workdir, 'dir'));
      writeFileSync(join(workdir, 'dir/file.txt'), 'payload '.repeat(4096));
      return { source, workdir };
    };

    it('should seed the new pod with the source pod workspace once it is ready', async () => {
      const manager = new KubernetesWorkspaceManager(kubernetesConfig(), client, 100);
      const { source } = await forkOf(manager);

      const fork = await manager.create({
        sessionId: 'copy',
        principal,
        metadata: {},
        forkSource: { id: 'origin', runtime: source.runtime },
      });

      expect(fork.runtime.pod_name).toBe('ws-copy');
      const copied = join(fake.podDir('swe-ai-fleet', 'ws-copy'), 'repo/dir/file.txt');
      expect(readFileSync(copied, 'utf8')).toBe('payload '.repeat(4096));
      // Ready was read before the first exec in the new pod.
      const firstExec = fake.requests.findIndex(
        (request) => request.method === 'EXEC' && request.path.includes('/pods/ws-copy/'),
      );
      const readyRead = fake.requests.findIndex(
        (request) => request.method === 'GET' && request.path.endsWith('/pods/ws-copy'),
      );
      expect(readyRead).toBeGreaterThanOrEqual(0);
      expect(readyRead).toBeLessThan(firstExec);
    });

    it('should delete the new pod and answer source copy failed above WORKSPACE_K8S_FORK_MAX_BYTES', async () => {
      const manager = new KubernetesWorkspaceManager(
        kubernetesConfig({ forkMaxBytes: 10_240 }),
        client,
        100,
      );
      const { source } = await forkOf(manager);

      const result = await failure(
        manager.create({
          sessionId: 'too-big',
          principal,
          metadata: {},
          forkSource: { id: 'origin', runtime: source.runtime },
        }),
      );

      expect(result).toEqual({
        code: 'internal',
        message: 'source copy failed: workspace archive exceeds 10240 bytes',
      });
      expect(fake.get('pods', 'swe-ai-fleet', 'ws-too-big')).toBeUndefined();
      expect(fake.get('pods', 'swe-ai-fleet', 'ws-origin')).toBeDefined();
    });

    it('should delete the new pod when the source pod has gone in the meantime', async () => {
      const manager = new KubernetesWorkspaceManager(kubernetesConfig(), client, 100);
      const { source } = await forkOf(manager);
      await manager.destroy({ id: 'origin', principal, runtime: source.runtime });

      const result = await failure(
        manager.create({
          sessionId: 'orphan',
          principal,
          metadata: {},
          forkSource: { id: 'origin', runtime: source.runtime },
        }),
      );

      expect(result).toMatchObject({
        code: 'internal',
        message: expect.stringMatching(
          /^source copy failed: archive of the source workspace failed: /,
        ) as unknown,
      });
      expect(fake.list('pods', 'swe-ai-fleet')).toEqual([]);
    });

    it('should refuse a source record without a pod before creating anything', async () => {
      const manager = new KubernetesWorkspaceManager(kubernetesConfig(), client, 100);

      const result = await failure(
        manager.create({
          sessionId: 'podless',
          principal,
          metadata: {},
          forkSource: { id: 'x', runtime: { kind: 'kubernetes', workdir: '/workspace/repo' } },
        }),
      );

      expect(result).toEqual({
        code: 'internal',
        message: 'source copy failed: the source session has no pod',
      });
      expect(fake.requests.filter((request) => request.method === 'POST')).toEqual([]);
    });
  });

  it('should answer the pod-name conflict and delete container-run pods on close', async () => {
    const manager = new KubernetesWorkspaceManager(kubernetesConfig(), client, 100);
    const created = await manager.create({ sessionId: 'dup', principal, metadata: {} });
    expect(await failure(manager.create({ sessionId: 'DUP', principal, metadata: {} }))).toEqual({
      code: 'conflict',
      message: 'session id conflicts with an existing workspace pod',
    });
    fake.put('pods', 'swe-ai-fleet', {
      metadata: {
        name: 'task-1',
        labels: { app: 'workspace-container-run', workspace_session_id: 'dup' },
      },
    });
    const session = { id: 'dup', principal, runtime: created.runtime };
    expect(await manager.exists(session)).toBe(true);
    // Every replica reaches every pod: never "elsewhere" (API.md 8.3 placement is local only).
    expect(await manager.locate(session)).toBe('here');
    await manager.destroy(session);
    await manager.destroy(session);
    expect(fake.list('pods', 'swe-ai-fleet')).toEqual([]);
    expect(await manager.exists(session)).toBe(false);
    expect(await manager.locate(session)).toBe('gone');
  });
});
