import type { JsonObject } from '#app/contracts';
import { K8sRolloutStatusTool } from './rollout-status.tool.js';
import {
  deployment,
  failureOf,
  type K8sToolsFixture,
  reportOf,
  requestedNamespaces,
  SESSION_NS,
  startK8sToolsFixture,
  withoutClient,
} from './testing/k8s-tools.fixture.js';

const TOOL = 'k8s.rollout_status';
const STUCK_STATUS = {
  observedGeneration: 1,
  replicas: 3,
  updatedReplicas: 3,
  readyReplicas: 1,
  availableReplicas: 1,
  unavailableReplicas: 2,
};

describe('k8s.rollout_status (protocol-fake Kubernetes API)', () => {
  let fixture: K8sToolsFixture;

  beforeEach(async () => {
    fixture = await startK8sToolsFixture();
  });
  afterEach(async () => {
    await fixture.close();
  });

  it('should report completed with the rollout snapshot and conditions sorted by type when the rollout is done', async () => {
    const stored = fixture.fake.put('deployments', SESSION_NS, deployment('web', 2));
    stored['status'].conditions = [
      {
        type: 'Progressing',
        status: 'True',
        reason: 'NewReplicaSetAvailable',
        message: 'done',
        lastUpdateTime: '2030-01-01T00:00:01Z',
        lastTransitionTime: '2030-01-01T00:00:00Z',
      },
      { type: 'Available', status: 'True', reason: 'MinimumReplicasAvailable', message: 'ok' },
    ];

    const result = await fixture.run(new K8sRolloutStatusTool(fixture.k8s), TOOL, {
      deployment_name: 'web',
    });
    const output = result.output as JsonObject;

    expect(output).toMatchObject({
      namespace: SESSION_NS,
      deployment_name: 'web',
      status: 'completed',
      source: 'k8s_sdk',
    });
    expect(output['duration_ms']).toEqual(expect.any(Number));
    expect(output['rollout']).toEqual({
      generation: 1,
      observed_generation: 1,
      desired_replicas: 2,
      updated_replicas: 2,
      ready_replicas: 2,
      available_replicas: 2,
      unavailable_replicas: 0,
      conditions: [
        {
          type: 'Available',
          status: 'True',
          reason: 'MinimumReplicasAvailable',
          message: 'ok',
          last_update_time: '',
          last_transition_at: '',
        },
        {
          type: 'Progressing',
          status: 'True',
          reason: 'NewReplicaSetAvailable',
          message: 'done',
          last_update_time: '2030-01-01T00:00:01.000Z',
          last_transition_at: '2030-01-01T00:00:00.000Z',
        },
      ],
      completed: true,
    });
    expect(reportOf(result, 'k8s-rollout-status-report.json')).toEqual(output);
  });

  it('should keep polling until the rollout completes when replicas become ready later', async () => {
    const stored = fixture.fake.put('deployments', SESSION_NS, deployment('web', 3));
    stored['status'] = { ...STUCK_STATUS };
    const ready = setTimeout(() => {
      stored['status'] = {
        ...STUCK_STATUS,
        readyReplicas: 3,
        availableReplicas: 3,
        unavailableReplicas: 0,
      };
    }, 250);

    try {
      const output = (
        await fixture.run(new K8sRolloutStatusTool(fixture.k8s), TOOL, {
          deployment_name: 'web',
          timeout_seconds: 5,
          poll_interval_ms: 100,
        })
      ).output as JsonObject;

      expect(output).toMatchObject({
        status: 'completed',
        rollout: { ready_replicas: 3, completed: true },
      });
      expect(fixture.fake.requests.length).toBeGreaterThan(1);
    } finally {
      clearTimeout(ready);
    }
  });

  it('should time out with the last snapshot kept when the rollout does not complete', async () => {
    const stored = fixture.fake.put('deployments', SESSION_NS, deployment('stuck', 3));
    stored['status'] = { ...STUCK_STATUS };

    const result = await fixture.run(new K8sRolloutStatusTool(fixture.k8s), TOOL, {
      deployment_name: 'stuck',
      timeout_seconds: 1,
      poll_interval_ms: 200,
    });

    expect(result.error).toEqual({
      code: 'timeout',
      message: 'rollout did not complete within 1s',
      retryable: true,
    });
    expect((result.output as JsonObject)['rollout']).toMatchObject({
      ready_replicas: 1,
      unavailable_replicas: 2,
      completed: false,
    });
  });

  it('should read the deployment from the namespace arg when it is given', async () => {
    fixture.fake.put('deployments', 'ops', deployment('web'));

    const output = (
      await fixture.run(new K8sRolloutStatusTool(fixture.k8s), TOOL, {
        deployment_name: 'web',
        namespace: 'ops',
      })
    ).output as JsonObject;

    expect(output).toMatchObject({ namespace: 'ops', status: 'completed' });
    expect(requestedNamespaces(fixture.fake)).toEqual(['ops']);
  });

  it('should fail with not_found when the deployment or its namespace does not exist', async () => {
    expect(
      await failureOf(
        fixture.run(new K8sRolloutStatusTool(fixture.k8s), TOOL, { deployment_name: 'nope' }),
      ),
    ).toEqual(['not_found', 'deployment not found: nope', false]);
    expect(
      (
        await failureOf(
          fixture.run(new K8sRolloutStatusTool(fixture.k8s), TOOL, {
            deployment_name: 'web',
            namespace: 'ghost',
          }),
        )
      )?.[0],
    ).toBe('not_found');
  });

  it('should fail with retryable execution_failed when the API server is unreachable', async () => {
    const failure = await failureOf(
      fixture.run(new K8sRolloutStatusTool(fixture.unreachable()), TOOL, {
        deployment_name: 'web',
      }),
    );

    expect(failure?.[0]).toBe('execution_failed');
    expect(failure?.[2]).toBe(true);
  });

  it('should fail with execution_failed when no Kubernetes client is configured', async () => {
    const failure = await failureOf(
      fixture.run(new K8sRolloutStatusTool(withoutClient()), TOOL, { deployment_name: 'web' }),
    );

    expect(failure?.slice(0, 2)).toEqual([
      'execution_failed',
      'kubernetes client is not configured',
    ]);
  });
});
