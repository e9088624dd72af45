import type { JsonObject } from '#app/contracts';
import { RESTARTED_AT, K8sRestartDeploymentTool } from './restart-deployment.tool.js';
import {
  deployment,
  failureOf,
  type K8sToolsFixture,
  reportOf,
  SESSION_NS,
  startK8sToolsFixture,
  withoutClient,
} from './testing/k8s-tools.fixture.js';

const TOOL = 'k8s.restart_deployment';
const RFC3339_SECONDS = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/;

describe('k8s.restart_deployment (protocol-fake Kubernetes API)', () => {
  let fixture: K8sToolsFixture;

  beforeEach(async () => {
    fixture = await startK8sToolsFixture();
  });
  afterEach(async () => {
    await fixture.close();
  });

  const restart = async (args: JsonObject): Promise<JsonObject> =>
    (await fixture.run(new K8sRestartDeploymentTool(fixture.k8s), TOOL, args)).output as JsonObject;

  it('should restart a deployment with the restartedAt annotation and wait for its rollout', async () => {
    fixture.fake.put('deployments', SESSION_NS, deployment('web', 2));

    const result = await restart({
      deployment_name: 'web',
      wait_for_rollout: true,
      poll_interval_ms: 100,
    });

    expect(result).toMatchObject({
      deployment_name: 'web',
      previous_restarted_at: '',
      rollout_status: 'completed',
      generation: 2,
      observed_generation: 2,
    });
    expect(result['rollout']).toMatchObject({
      generation: 2,
      observed_generation: 2,
      completed: true,
    });
    expect(result['restarted_at']).toMatch(RFC3339_SECONDS);
    expect(
      fixture.fake.get('deployments', SESSION_NS, 'web')?.['spec'].template.metadata.annotations[
        RESTARTED_AT
      ],
    ).toBe(result['restarted_at']);
  });

  it('should report pending without a rollout and the previous annotation when wait_for_rollout is not set', async () => {
    const seeded = deployment('web');
    seeded['spec'].template.metadata.annotations = {
      [RESTARTED_AT]: '2030-01-01T00:00:00Z',
      keep: 'me',
    };
    fixture.fake.put('deployments', SESSION_NS, seeded);

    const result = await fixture.run(new K8sRestartDeploymentTool(fixture.k8s), TOOL, {
      deployment_name: 'web',
    });
    const output = result.output as JsonObject;

    expect(output).toMatchObject({
      namespace: SESSION_NS,
      deployment_name: 'web',
      previous_restarted_at: '2030-01-01T00:00:00Z',
      rollout_status: 'pending',
      generation: 2,
      source: 'k8s_sdk',
      summary: `deployment web restarted at ${output['restarted_at'] as string}`,
    });
    expect(output).not.toHaveProperty('rollout');
    expect(
      fixture.fake.get('deployments', SESSION_NS, 'web')?.['spec'].template.metadata.annotations,
    ).toEqual({
      [RESTARTED_AT]: output['restarted_at'],
      keep: 'me',
    });
    expect(reportOf(result, 'k8s-restart-deployment-report.json')).toEqual(output);
  });

  it('should update the deployment with its stored resourceVersion in the namespace arg when it is given', async () => {
    const stored = fixture.fake.put('deployments', 'ops', deployment('web'));

    expect(await restart({ deployment_name: 'web', namespace: 'ops' })).toMatchObject({
      namespace: 'ops',
      rollout_status: 'pending',
    });
    const put = fixture.fake.requests.find((request) => request.method === 'PUT');
    expect(put?.path).toBe('/apis/apps/v1/namespaces/ops/deployments/web');
    expect(put?.body?.['metadata'].resourceVersion).toBe(stored['metadata'].resourceVersion);
  });

  it('should fail with not_found when the deployment or its namespace does not exist', async () => {
    expect(
      await failureOf(
        fixture.run(new K8sRestartDeploymentTool(fixture.k8s), TOOL, { deployment_name: 'nope' }),
      ),
    ).toEqual(['not_found', 'deployment not found: nope', false]);
    expect(
      (
        await failureOf(
          fixture.run(new K8sRestartDeploymentTool(fixture.k8s), TOOL, {
            deployment_name: 'web',
            namespace: 'ghost',
          }),
        )
      )?.[0],
    ).toBe('not_found');
    expect(fixture.fake.requests.some((request) => request.method === 'PUT')).toBe(false);
  });

  it('should fail with retryable execution_failed when the API server is unreachable', async () => {
    const failure = await failureOf(
      fixture.run(new K8sRestartDeploymentTool(fixture.unreachable()), TOOL, {
        deployment_name: 'web',
      }),
    );

    expect(failure?.[0]).toBe('execution_failed');
    expect(failure?.[2]).toBe(true);
  });

  it('should fail with execution_failed when no Kubernetes client is configured', async () => {
    const failure = await failureOf(
      fixture.run(new K8sRestartDeploymentTool(withoutClient()), TOOL, { deployment_name: 'web' }),
    );

    expect(failure?.slice(0, 2)).toEqual([
      'execution_failed',
      'kubernetes client is not configured',
    ]);
  });
});
