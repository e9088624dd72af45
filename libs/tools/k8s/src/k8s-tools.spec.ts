import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AppConfig } from '#app/config';
import type { JsonObject, Session } from '#app/contracts';
import { AppException } from '#app/errors';
import { FakeKubeApiServer } from '#app/testing';
import type { ToolContext, ToolResult } from '#app/tool-registry';
import { createKubeClient, KubeClientHolder, type WorkspaceRuntime } from '#app/workspace';
import { ApplyManifestTool } from './apply-manifest.tool.js';
import { GetLogsTool } from './get-logs.tool.js';
import { K8sToolContext } from './k8s-context.js';
import { RESTARTED_AT, RestartDeploymentTool } from './restart-deployment.tool.js';
import { RolloutStatusTool } from './rollout-status.tool.js';

const NS = 'team-a';
const session = {
  id: 's',
  workspace_path: '/workspace/repo',
  runtime: { kind: 'kubernetes', namespace: NS, pod_name: 'ws-s', container: 'runner', workdir: '/workspace/repo' },
  allowed_paths: ['.'],
  principal: { tenant_id: 't', actor_id: 'a', roles: ['devops'] },
  metadata: {},
  created_at: '',
  expires_at: '',
} as Session;

describe('k8s.* tools (protocol-fake Kubernetes API)', () => {
  let fake: FakeKubeApiServer;
  let dir: string;
  let k8s: K8sToolContext;

  beforeEach(async () => {
    fake = await FakeKubeApiServer.start();
    dir = mkdtempSync(join(tmpdir(), 'k8s-tools-'));
    const client = createKubeClient({ kubeconfig: fake.writeKubeconfig(join(dir, 'kubeconfig')) });
    k8s = new K8sToolContext(new KubeClientHolder(client), { kubernetes: { namespace: 'swe-ai-fleet' } } as AppConfig);
  });
  afterEach(async () => {
    await fake.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const context = (toolName: string, args: JsonObject): ToolContext => ({
    invocationId: 'inv',
    toolName,
    session,
    args,
    approved: true,
    signal: new AbortController().signal,
    workspace: {} as WorkspaceRuntime,
  });
  const outputOf = (result: ToolResult): JsonObject => result.output as JsonObject;

  it('should create then update objects, dry-run without storing, and keep the service cluster IP', async () => {
    const tool = new ApplyManifestTool(k8s);
    const manifest = [
      'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cfg\ndata:\n  a: "1"',
      '---',
      'apiVersion: v1\nkind: service\nmetadata:\n  name: web\nspec:\n  ports:\n  - port: 80',
    ].join('\n');
    const dry = outputOf(await tool.execute(context('k8s.apply_manifest', { manifest, dry_run: true })));
    expect(dry).toMatchObject({ dry_run: true, created_count: 2, namespace: NS });
    expect(fake.list('configmaps', NS)).toEqual([]);
    expect(fake.requests.filter((r) => r.method === 'POST').every((r) => r.query['dryRun'] === 'All')).toBe(true);
    await tool.execute(context('k8s.apply_manifest', { manifest }));
    const clusterIp = fake.get('services', NS, 'web')?.spec.clusterIP;
    const again = await tool.execute(context('k8s.apply_manifest', { manifest }));
    expect(outputOf(again)).toMatchObject({ applied_count: 2, created_count: 0, updated_count: 2 });
    expect(fake.get('services', NS, 'web')?.spec.clusterIP).toBe(clusterIp);
    expect(again.artifacts?.[0]?.name).toBe('k8s-apply-manifest-report.json');
  });

  it('should refuse other kinds, foreign namespaces and too many objects', async () => {
    const tool = new ApplyManifestTool(k8s);
    const refuse = async (manifest: string, extra: JsonObject = {}): Promise<unknown[] | null> => {
      try {
        await tool.execute(context('k8s.apply_manifest', { manifest, ...extra }));
        return null;
      } catch (error) {
        return error instanceof AppException ? [error.code, error.message] : [String(error)];
      }
    };
    expect(await refuse('apiVersion: v1\nkind: Secret\nmetadata:\n  name: s')).toEqual(['policy_denied', 'kind Secret is not allowed']);
    expect(await refuse('kind: ConfigMap\nmetadata:\n  name: c\n  namespace: other')).toEqual([
      'policy_denied',
      'manifest namespace other does not match target namespace',
    ]);
    expect((await refuse('apiVersion: v1\nkind: Deployment\nmetadata:\n  name: d'))?.[0]).toBe('invalid_argument');
    expect((await refuse('kind: ConfigMap\nmetadata:\n  name: a\n---\nkind: ConfigMap\nmetadata:\n  name: b', { max_objects: 1 }))?.[0]).toBe(
      'invalid_argument',
    );
  });

  it('should restart a deployment with the restartedAt annotation and wait for its rollout', async () => {
    fake.put('deployments', NS, {
      metadata: { name: 'web' },
      spec: { replicas: 2, selector: { matchLabels: { app: 'web' } }, template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'c', image: 'nginx' }] } } },
    });
    const result = outputOf(
      await new RestartDeploymentTool(k8s).execute(context('k8s.restart_deployment', { deployment_name: 'web', wait_for_rollout: true, poll_interval_ms: 100 })),
    );
    expect(result).toMatchObject({ deployment_name: 'web', previous_restarted_at: '', rollout_status: 'completed', generation: 2 });
    expect(result['restarted_at']).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    expect(fake.get('deployments', NS, 'web')?.spec.template.metadata.annotations[RESTARTED_AT]).toBe(result['restarted_at']);
  });

  it('should time out with the last snapshot kept when the rollout does not complete', async () => {
    const stored = fake.put('deployments', NS, {
      metadata: { name: 'stuck' },
      spec: { replicas: 3, selector: { matchLabels: { app: 's' } }, template: { metadata: { labels: { app: 's' } }, spec: { containers: [{ name: 'c', image: 'x' }] } } },
    });
    stored.status = { observedGeneration: 1, replicas: 3, updatedReplicas: 3, readyReplicas: 1, availableReplicas: 1, unavailableReplicas: 2 };
    const result = await new RolloutStatusTool(k8s).execute(
      context('k8s.rollout_status', { deployment_name: 'stuck', timeout_seconds: 1, poll_interval_ms: 200 }),
    );
    expect(result.error).toEqual({ code: 'timeout', message: 'rollout did not complete within 1s', retryable: true });
    expect(outputOf(result)['rollout']).toMatchObject({ ready_replicas: 1, unavailable_replicas: 2, completed: false });
  });

  it('should return the tail of a pod log and not_found for a missing pod', async () => {
    fake.put('pods', NS, { metadata: { name: 'api' }, spec: { containers: [{ name: 'main', image: 'x' }] } });
    fake.podLogs.set('api', 'one\ntwo\nthree\n');
    const result = await new GetLogsTool(k8s).execute(context('k8s.get_logs', { pod_name: 'api', tail_lines: 2 }));
    expect(outputOf(result)).toMatchObject({ container: 'main', logs: 'two\nthree\n', line_count: 2, truncated: false, namespace: NS });
    await expect(new GetLogsTool(k8s).execute(context('k8s.get_logs', { pod_name: 'nope' }))).rejects.toMatchObject({ code: 'not_found' });
  });
});
