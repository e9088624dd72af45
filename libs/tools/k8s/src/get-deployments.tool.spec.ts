import type { JsonObject } from '#app/contracts';
import { K8sGetDeploymentsTool } from './get-deployments.tool.js';
import {
  deployment,
  failureOf,
  type K8sToolsFixture,
  namespaceChain,
  reportOf,
  requestedNamespaces,
  SESSION_NS,
  startK8sToolsFixture,
  withoutClient,
} from './testing/k8s-tools.fixture.js';

const TOOL = 'k8s.get_deployments';

describe('k8s.get_deployments (protocol-fake Kubernetes API)', () => {
  let fixture: K8sToolsFixture;

  beforeEach(async () => {
    fixture = await startK8sToolsFixture();
  });
  afterEach(async () => {
    await fixture.close();
  });

  const run = async (args: JsonObject): Promise<JsonObject> =>
    (await fixture.run(new K8sGetDeploymentsTool(fixture.k8s), TOOL, args)).output as JsonObject;
  const names = (output: JsonObject): unknown[] =>
    (output['deployments'] as JsonObject[]).map((entry) => entry['name']);

  it('should describe deployments sorted by name with strategy, replica counts and the report artifact when listing', async () => {
    const stuck = fixture.fake.put('deployments', SESSION_NS, {
      ...deployment('web', 3),
      spec: { ...deployment('web', 3)['spec'], strategy: { type: 'Recreate' } },
    });
    stuck['status'] = {
      observedGeneration: 1,
      replicas: 3,
      updatedReplicas: 2,
      readyReplicas: 1,
      availableReplicas: 1,
      unavailableReplicas: 2,
    };
    fixture.fake.put('deployments', SESSION_NS, deployment('api', 2));

    const result = await fixture.run(new K8sGetDeploymentsTool(fixture.k8s), TOOL, {});
    const output = result.output as JsonObject;

    expect(output).toMatchObject({
      namespace: SESSION_NS,
      count: 2,
      truncated: false,
      source: 'k8s_sdk',
      summary: '2 deployment(s) in namespace team-a',
    });
    expect(names(output)).toEqual(['api', 'web']);
    expect(output['deployments']).toEqual([
      {
        name: 'api',
        namespace: SESSION_NS,
        strategy: 'RollingUpdate',
        replicas: 2,
        ready_replicas: 2,
        updated_replicas: 2,
        available_replicas: 2,
        unavailable_replicas: 0,
        selector: { app: 'api' },
        created_at: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/),
      },
      {
        name: 'web',
        namespace: SESSION_NS,
        strategy: 'Recreate',
        replicas: 3,
        ready_replicas: 1,
        updated_replicas: 2,
        available_replicas: 1,
        unavailable_replicas: 2,
        selector: { app: 'web' },
        created_at: expect.any(String),
      },
    ]);
    expect(reportOf(result, 'k8s-get-deployments-report.json')).toEqual(output);
  });

  it('should add labels and containers only when include_labels and include_containers are set', async () => {
    fixture.fake.put('deployments', SESSION_NS, deployment('api', 1, { app: 'api', team: 'core' }));

    const [plain] = (await run({}))['deployments'] as JsonObject[];
    const [full] = (await run({ include_labels: true, include_containers: true }))[
      'deployments'
    ] as JsonObject[];

    expect(plain).not.toHaveProperty('labels');
    expect(plain).not.toHaveProperty('containers');
    expect(full).toMatchObject({
      labels: { app: 'api', team: 'core' },
      containers: [{ name: 'c', image: 'registry.local/api:1' }],
    });
  });

  it('should resolve the namespace from the arg, then the session, then the config, then default when namespace is omitted', async () => {
    const namespaces = await namespaceChain(
      fixture,
      (k8s) => new K8sGetDeploymentsTool(k8s),
      TOOL,
      {},
    );

    expect(namespaces).toEqual(['ops', SESSION_NS, 'swe-ai-fleet', 'default']);
    expect(requestedNamespaces(fixture.fake)).toEqual([
      'ops',
      SESSION_NS,
      'swe-ai-fleet',
      'default',
    ]);
  });

  it('should pass label and field selectors to the API server when they are given', async () => {
    fixture.fake.put('deployments', SESSION_NS, deployment('a', 1, { tier: 'front' }));
    fixture.fake.put('deployments', SESSION_NS, deployment('b', 1, { tier: 'back' }));

    expect(names(await run({ label_selector: 'tier!=back' }))).toEqual(['a']);
    expect(names(await run({ field_selector: 'metadata.name=b' }))).toEqual(['b']);
    expect(fixture.fake.requests.map((request) => request.query)).toEqual([
      { labelSelector: 'tier!=back' },
      { fieldSelector: 'metadata.name=b' },
    ]);
  });

  it('should keep the first max_deployments by name and flag truncated when there are more deployments', async () => {
    for (const name of ['c', 'a', 'b']) {
      fixture.fake.put('deployments', SESSION_NS, deployment(name));
    }

    const output = await run({ max_deployments: 1 });

    expect(names(output)).toEqual(['a']);
    expect(output).toMatchObject({ count: 1, truncated: true });
  });

  it('should return an empty list when the namespace does not exist', async () => {
    expect(await run({ namespace: 'ghost' })).toMatchObject({
      namespace: 'ghost',
      deployments: [],
      count: 0,
      truncated: false,
    });
  });

  it('should fail with retryable execution_failed when the API server is unreachable', async () => {
    const failure = await failureOf(
      fixture.run(new K8sGetDeploymentsTool(fixture.unreachable()), TOOL, {}),
    );

    expect(failure?.[0]).toBe('execution_failed');
    expect(failure?.[1]).toMatch(/^kubernetes API error: /);
    expect(failure?.[2]).toBe(true);
  });

  it('should fail with execution_failed when no Kubernetes client is configured', async () => {
    const failure = await failureOf(
      fixture.run(new K8sGetDeploymentsTool(withoutClient()), TOOL, {}),
    );

    expect(failure?.slice(0, 2)).toEqual([
      'execution_failed',
      'kubernetes client is not configured',
    ]);
  });
});
