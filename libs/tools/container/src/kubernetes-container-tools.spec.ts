import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { JsonObject, Session } from '#app/contracts';
import { createKubeClient, type KubeClient, KubernetesClient, PodJanitor } from '#app/kubernetes';
import type { TObject } from '@sinclair/typebox';
import { appFailureOf, callTool, FakeKubeApiServer } from '#app/testing';
import type { ToolHandler, ToolResult } from '#app/tool-registry';
import type { WorkspaceRuntime } from '#app/workspace';
import { ContainerTaskPods } from './container-task-pods.js';
import { ContainerExecTool } from './exec.tool.js';
import { ContainerLogsTool } from './logs.tool.js';
import { ContainerPsTool } from './ps.tool.js';
import { ContainerRunTool } from './run.tool.js';
import { configWith, LENIENT } from './testing/container-fixture.js';

const NS = 'team-a';
const session: Session = {
  id: 'Ctr_Session',
  workspace_path: '/workspace/repo',
  runtime: {
    kind: 'kubernetes',
    namespace: NS,
    pod_name: 'ws-ctr-session',
    container: 'runner',
    workdir: '/workspace/repo',
  },
  allowed_paths: ['.'],
  principal: { tenant_id: 'Acme Corp', actor_id: 'dev', roles: ['developer'] },
  metadata: {},
  created_at: '2030-01-01T00:00:00.000Z',
  expires_at: '2030-01-01T01:00:00.000Z',
};

function taskPod(
  name: string,
  sessionLabel: string,
  phase: string,
  app = 'workspace-container-run',
): JsonObject {
  return {
    metadata: {
      name,
      labels: { app, workspace_session_id: sessionLabel, workspace_tenant: 'acme-corp' },
    },
    spec: { containers: [{ name: 'task', image: `img/${name}:1` }] },
    status: { phase },
  };
}

describe('container.* in kubernetes sessions (protocol-fake Kubernetes API)', () => {
  let fake: FakeKubeApiServer;
  let dir: string;
  let taskPods: ContainerTaskPods;
  let client: KubeClient;
  const config = configWith(LENIENT);

  beforeEach(async () => {
    fake = await FakeKubeApiServer.start();
    dir = mkdtempSync(join(tmpdir(), 'ctr-k8s-'));
    client = createKubeClient({ kubeconfig: fake.writeKubeconfig(join(dir, 'kubeconfig')) });
    taskPods = new ContainerTaskPods(new KubernetesClient(client), config);
  });
  afterEach(async () => {
    await fake.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const run = (tool: ToolHandler<TObject>, args: JsonObject): Promise<ToolResult> =>
    callTool(tool, {
      invocationId: 'inv',
      toolName: 'container.test',
      session,
      args,
      approved: true,
      signal: new AbortController().signal,
      // Kubernetes sessions never touch the session workspace for container tools.
      workspace: {} as WorkspaceRuntime,
    });
  const outputOf = (result: ToolResult): JsonObject => result.output as JsonObject;
  const createdPods = () =>
    fake.requests.filter(
      (request) => request.method === 'POST' && request.path === `/api/v1/namespaces/${NS}/pods`,
    );

  it('should create a labelled hardened task pod with the requested image, command and env when container.run is called', async () => {
    const result = await run(new ContainerRunTool(config, taskPods), {
      image_ref: 'docker.io/library/redis:7.2',
      command: ['redis-server', '--appendonly', 'yes'],
      env: { MODE: 'dev', API_TOKEN: 't0k3n' },
      name: 'Cache_1',
    });
    const pod = createdPods()[0]?.body;
    const podName = pod?.metadata.name as string;
    expect(podName).toMatch(/^ws-ctr-cache-1-[0-9a-f]{6}$/);
    expect(pod?.metadata.labels).toEqual({
      app: 'workspace-container-run',
      workspace_session_id: 'ctr_session',
      workspace_tenant: 'acme-corp',
    });
    expect(pod?.metadata.annotations).toEqual({ 'workspace-service/session-id': 'Ctr_Session' });
    expect(pod?.spec).toEqual({
      restartPolicy: 'Never',
      automountServiceAccountToken: false,
      securityContext: {
        runAsNonRoot: true,
        runAsUser: 1000,
        runAsGroup: 1000,
        fsGroup: 1000,
        seccompProfile: { type: 'RuntimeDefault' },
      },
      containers: [
        {
          name: 'task',
          image: 'docker.io/library/redis:7.2',
          imagePullPolicy: 'IfNotPresent',
          env: [
            { name: 'API_TOKEN', value: 't0k3n' },
            { name: 'MODE', value: 'dev' },
          ],
          command: ['redis-server', '--appendonly', 'yes'],
          securityContext: {
            allowPrivilegeEscalation: false,
            readOnlyRootFilesystem: false,
            runAsNonRoot: true,
            runAsUser: 1000,
            runAsGroup: 1000,
            capabilities: { drop: ['ALL'] },
          },
        },
      ],
    });
    expect(outputOf(result)).toEqual({
      runtime: 'k8s',
      simulated: false,
      container_id: podName,
      name: 'Cache_1',
      image_ref: 'docker.io/library/redis:7.2',
      command: ['redis-server', '--appendonly', 'yes'],
      status: 'running',
      exit_code: 0,
      summary: 'container started',
      pod_name: podName,
      namespace: NS,
      env: ['API_TOKEN=[REDACTED]', 'MODE=dev'],
    });
    expect(JSON.stringify(result.output)).not.toContain('t0k3n');
    expect(result.artifacts?.map((artifact) => artifact.name)).toEqual([
      'container-run-report.json',
    ]);
  });

  it('should report the terminated exit code and delete the pod when attached with remove', async () => {
    fake.podBehaviour = () => ({ exitCode: 3 });
    const result = await run(new ContainerRunTool(config, taskPods), {
      image_ref: 'alpine:3.20',
      command: ['sh', '-c', 'exit 3'],
      detach: false,
      remove: true,
    });
    const podName = outputOf(result)['pod_name'] as string;
    expect(outputOf(result)).toMatchObject({
      runtime: 'k8s',
      status: 'failed',
      exit_code: 3,
      summary: 'container exited with code 3',
    });
    expect(result.error).toBeUndefined();
    expect(fake.get('pods', NS, podName)).toBeUndefined();
    expect(createdPods()[0]?.body?.metadata.name).toMatch(/^ws-ctr-ctr-session-[0-9a-f]{6}$/);
  });

  it('should keep a live session task pod and delete an orphaned one when the janitor sweeps', async () => {
    const ran = outputOf(
      await run(new ContainerRunTool(config, taskPods), { image_ref: 'alpine:3.20' }),
    );
    fake.put('pods', NS, taskPod('ws-ctr-orphan', 'gone', 'Running'));
    const janitorConfig = {
      enabled: true,
      intervalSeconds: 60,
      sessionPodTerminalTtlSeconds: 300,
      containerPodTerminalTtlSeconds: 300,
      missingSessionGraceSeconds: 120,
    };
    const sessions = {
      find: async (id: string) =>
        id === session.id ? { expires_at: '2999-01-01T00:00:00.000Z' } : null,
      closeExpired: async () => undefined,
    };
    const janitor = new PodJanitor(
      client.core,
      NS,
      janitorConfig,
      sessions,
      { write: () => undefined },
      () => Date.now() + 600_000,
    );
    expect(await janitor.sweepOnce()).toEqual([
      { pod: 'ws-ctr-orphan', kind: 'container-run', reason: 'session_not_found' },
    ]);
    expect(fake.get('pods', NS, ran['pod_name'] as string)).toBeDefined();
  });

  it('should fail with execution_failed when the detached task pod fails to start', async () => {
    fake.podBehaviour = () => 'fail';
    expect(
      await appFailureOf(run(new ContainerRunTool(config, taskPods), { image_ref: 'alpine:3.20' })),
    ).toEqual({
      code: 'execution_failed',
      message: 'container pod failed: Error: the task container could not start',
    });
  });

  it('should answer timeout when the task pod does not start in time', async () => {
    fake.podBehaviour = () => 'never-ready';
    taskPods.timings = { pollMs: 50, startTimeoutMs: 1000, finishTimeoutMs: 1000 };
    expect(
      await appFailureOf(run(new ContainerRunTool(config, taskPods), { image_ref: 'alpine:3.20' })),
    ).toEqual({
      code: 'timeout',
      message: 'container pod did not start within 1s',
    });
  });

  it('should list only Running task pods of this session, sorted, filtered and cut at limit when container.ps is called', async () => {
    fake.put('pods', NS, taskPod('ws-ctr-b-api', 'ctr_session', 'Running'));
    fake.put('pods', NS, taskPod('ws-ctr-a-api', 'ctr_session', 'Running'));
    fake.put('pods', NS, taskPod('ws-ctr-done', 'ctr_session', 'Succeeded'));
    fake.put('pods', NS, taskPod('ws-ctr-foreign', 'other_session', 'Running'));
    fake.put('pods', NS, taskPod('ws-ctr-session', 'ctr_session', 'Running', 'workspace-session'));
    const ps = new ContainerPsTool(config, taskPods);
    const running = outputOf(await run(ps, {}));
    expect(running).toEqual({
      runtime: 'k8s',
      simulated: false,
      count: 2,
      truncated: false,
      containers: [
        {
          id: 'ws-ctr-a-api',
          image: 'img/ws-ctr-a-api:1',
          name: 'ws-ctr-a-api',
          status: 'running',
        },
        {
          id: 'ws-ctr-b-api',
          image: 'img/ws-ctr-b-api:1',
          name: 'ws-ctr-b-api',
          status: 'running',
        },
      ],
      exit_code: 0,
      summary: '2 containers listed',
    });
    expect(fake.requests.at(-1)?.query['labelSelector']).toBe(
      'app=workspace-container-run,workspace_session_id=ctr_session',
    );
    const all = outputOf(await run(ps, { all: true, limit: 2 }));
    expect(all).toMatchObject({ count: 2, truncated: true });
    expect(outputOf(await run(ps, { all: true, name_filter: 'DONE' }))['containers']).toEqual([
      { id: 'ws-ctr-done', image: 'img/ws-ctr-done:1', name: 'ws-ctr-done', status: 'succeeded' },
    ]);
  });

  it('should read the task container log with the tail bound and cut it at max_bytes when container.logs is called', async () => {
    fake.put('pods', NS, taskPod('ws-ctr-job', 'ctr_session', 'Running'));
    fake.podLogs.set('ws-ctr-job', ['one', 'two', 'three', 'four'].join('\n') + '\n');
    const logs = new ContainerLogsTool(config, taskPods);
    const tail = outputOf(
      await run(logs, { container_id: 'ws-ctr-job', tail_lines: 2, since_seconds: 60 }),
    );
    expect(tail).toEqual({
      runtime: 'k8s',
      simulated: false,
      container_id: 'ws-ctr-job',
      bytes: 11,
      line_count: 2,
      truncated: false,
      logs: 'three\nfour\n',
      exit_code: 0,
      summary: 'container logs collected',
      source: 'k8s_sdk',
    });
    expect(fake.requests.at(-1)?.query).toMatchObject({
      container: 'task',
      tailLines: '2',
      sinceSeconds: '60',
      limitBytes: '262145',
    });
    fake.podLogs.set('ws-ctr-job', `${'x'.repeat(2000)}\n`);
    const cut = outputOf(await run(logs, { container_id: 'ws-ctr-job', max_bytes: 1024 }));
    expect(cut).toMatchObject({ bytes: 1024, truncated: true });
  });

  it.each([
    ['a task pod of another session', 'ws-ctr-foreign'],
    ['a session pod', 'ws-ctr-session'],
    ['a missing pod', 'ws-ctr-missing'],
  ])('should answer not_found for %s', async (_what, podName) => {
    fake.put('pods', NS, taskPod('ws-ctr-foreign', 'other_session', 'Running'));
    fake.put('pods', NS, taskPod('ws-ctr-session', 'ctr_session', 'Running', 'workspace-session'));
    const expected = { code: 'not_found', message: 'container pod not found' };
    expect(
      await appFailureOf(run(new ContainerLogsTool(config, taskPods), { container_id: podName })),
    ).toEqual(expected);
    expect(
      await appFailureOf(
        run(new ContainerExecTool(config, taskPods), { container_id: podName, command: ['id'] }),
      ),
    ).toEqual(expected);
    expect(fake.execs).toEqual([]);
  });

  it('should refuse commands outside the allowlist before touching the cluster', async () => {
    fake.put('pods', NS, taskPod('ws-ctr-job', 'ctr_session', 'Running'));
    const failure = await appFailureOf(
      run(new ContainerExecTool(config, taskPods), {
        container_id: 'ws-ctr-job',
        command: ['/bin/rm', '-rf', '/'],
      }),
    );
    expect(failure).toEqual({ code: 'invalid_argument', message: 'command not allowlisted: rm' });
    expect(fake.requests).toEqual([]);
  });

  it('should run an allowed command in the task container through the exec channel protocol', async () => {
    fake.put('pods', NS, taskPod('ws-ctr-job', 'ctr_session', 'Running'));
    const exec = new ContainerExecTool(config, taskPods);
    const result = await run(exec, {
      container_id: 'ws-ctr-job',
      command: ['echo', "it's", 'here'],
    });
    expect(outputOf(result)).toEqual({
      runtime: 'k8s',
      simulated: false,
      container_id: 'ws-ctr-job',
      command: ['echo', "it's", 'here'],
      timeout_seconds: 30,
      exit_code: 0,
      output: "it's here\n",
      truncated: false,
      summary: 'command completed',
    });
    expect(fake.execs.at(-1)).toMatchObject({
      namespace: NS,
      pod: 'ws-ctr-job',
      container: 'task',
      command: ['sh', '-c', `cd '/' && exec 'echo' 'it'\\''s' 'here'`],
      protocol: 'v5.channel.k8s.io',
    });
    const failed = await run(exec, { container_id: 'ws-ctr-job', command: ['false'] });
    expect(outputOf(failed)).toMatchObject({ exit_code: 1, summary: 'command exited with code 1' });
    expect(failed.error).toEqual({
      code: 'execution_failed',
      message: 'command failed: exit code 1',
      retryable: false,
    });
  });

  it('should refuse exec when the task pod is not running', async () => {
    fake.put('pods', NS, taskPod('ws-ctr-done', 'ctr_session', 'Succeeded'));
    expect(
      await appFailureOf(
        run(new ContainerExecTool(config, taskPods), {
          container_id: 'ws-ctr-done',
          command: ['ls'],
        }),
      ),
    ).toEqual({
      code: 'execution_failed',
      message: 'container pod is not running',
    });
  });

  it.each([[true], [false]])(
    'should fail retryably without simulating when the API is unreachable (strict=%s)',
    async (strict) => {
      await fake.close();
      const unreachable = createKubeClient({ kubeconfig: join(dir, 'kubeconfig') });
      const pods = new ContainerTaskPods(new KubernetesClient(unreachable), config);
      let thrown: unknown;
      try {
        await run(new ContainerPsTool(config, pods), { strict });
      } catch (error) {
        thrown = error;
      }
      expect(thrown).toMatchObject({ code: 'execution_failed', retryable: true });
      expect((thrown as Error).message).toMatch(/^kubernetes API error: /);
      fake = await FakeKubeApiServer.start();
    },
  );
});
