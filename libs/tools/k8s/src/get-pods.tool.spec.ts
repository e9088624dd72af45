import type { JsonObject } from '#app/contracts';
import { K8sGetPodsTool } from './get-pods.tool.js';
import {
  failureOf,
  type K8sToolsFixture,
  namespaceChain,
  pod,
  reportOf,
  requestedNamespaces,
  SESSION_NS,
  startK8sToolsFixture,
  withoutClient,
} from './testing/k8s-tools.fixture.js';

const TOOL = 'k8s.get_pods';

describe('k8s.get_pods (protocol-fake Kubernetes API)', () => {
  let fixture: K8sToolsFixture;

  beforeEach(async () => {
    fixture = await startK8sToolsFixture();
  });
  afterEach(async () => {
    await fixture.close();
  });

  const run = async (args: JsonObject): Promise<JsonObject> =>
    (await fixture.run(new K8sGetPodsTool(fixture.k8s), TOOL, args)).output as JsonObject;
  const names = (output: JsonObject): unknown[] =>
    (output['pods'] as JsonObject[]).map((entry) => entry['name']);

  it('should describe pods sorted by name with readiness, summed restarts and the report artifact when listing', async () => {
    fixture.fake.put('pods', SESSION_NS, pod('worker', { status: { phase: 'Pending' } }));
    fixture.fake.put(
      'pods',
      SESSION_NS,
      pod('api', {
        spec: {
          nodeName: 'node-2',
          containers: [
            { name: 'main', image: 'api:1' },
            { name: 'proxy', image: 'envoy:1' },
          ],
        },
        status: {
          phase: 'Running',
          podIP: '10.1.0.5',
          hostIP: '192.168.0.2',
          qosClass: 'Burstable',
          containerStatuses: [
            {
              name: 'main',
              ready: true,
              restartCount: 2,
              image: 'api:1',
              imageID: '',
              state: { running: {} },
            },
            {
              name: 'proxy',
              ready: false,
              restartCount: 3,
              image: 'envoy:1',
              imageID: '',
              state: { waiting: { reason: 'CrashLoopBackOff' } },
            },
          ],
        },
      }),
    );

    const result = await fixture.run(new K8sGetPodsTool(fixture.k8s), TOOL, {});
    const output = result.output as JsonObject;

    expect(output).toMatchObject({
      namespace: SESSION_NS,
      count: 2,
      truncated: false,
      source: 'k8s_sdk',
      summary: '2 pod(s) in namespace team-a',
    });
    expect(names(output)).toEqual(['api', 'worker']);
    expect((output['pods'] as JsonObject[])[0]).toEqual({
      name: 'api',
      namespace: SESSION_NS,
      phase: 'Running',
      node_name: 'node-2',
      pod_ip: '10.1.0.5',
      host_ip: '192.168.0.2',
      qos_class: 'Burstable',
      ready_containers: 1,
      total_containers: 2,
      restart_count: 5,
      created_at: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/),
    });
    expect(reportOf(result, 'k8s-get-pods-report.json')).toEqual(output);
  });

  it('should add labels and per-container states when include_labels and include_containers are set', async () => {
    fixture.fake.put(
      'pods',
      SESSION_NS,
      pod('api', {
        metadata: { labels: { app: 'api', tier: 'backend' } },
        spec: {
          containers: [
            { name: 'main', image: 'api:1' },
            { name: 'proxy', image: 'envoy:1' },
            { name: 'job', image: 'job:1' },
            { name: 'new', image: 'new:1' },
          ],
        },
        status: {
          containerStatuses: [
            {
              name: 'main',
              ready: true,
              restartCount: 0,
              image: 'api:1',
              imageID: '',
              state: { running: {} },
            },
            {
              name: 'proxy',
              ready: false,
              restartCount: 4,
              image: 'envoy:1',
              imageID: '',
              state: { waiting: {} },
            },
            {
              name: 'job',
              ready: false,
              restartCount: 0,
              image: 'job:1',
              imageID: '',
              state: { terminated: { exitCode: 0 } },
            },
          ],
        },
      }),
    );

    const [entry] = (await run({ include_labels: true, include_containers: true }))[
      'pods'
    ] as JsonObject[];

    expect(entry?.['labels']).toEqual({ app: 'api', tier: 'backend' });
    expect(entry?.['containers']).toEqual([
      { name: 'main', image: 'api:1', ready: true, restart_count: 0, state: 'running' },
      { name: 'proxy', image: 'envoy:1', ready: false, restart_count: 4, state: 'waiting' },
      { name: 'job', image: 'job:1', ready: false, restart_count: 0, state: 'terminated' },
      { name: 'new', image: 'new:1', ready: false, restart_count: 0, state: 'unknown' },
    ]);
  });

  it('should leave out labels and containers when the include flags are not set', async () => {
    fixture.fake.put('pods', SESSION_NS, pod('api'));

    const [entry] = (await run({}))['pods'] as JsonObject[];

    expect(entry).not.toHaveProperty('labels');
    expect(entry).not.toHaveProperty('containers');
  });

  it('should resolve the namespace from the arg, then the session, then the config, then default when namespace is omitted', async () => {
    const namespaces = await namespaceChain(fixture, (k8s) => new K8sGetPodsTool(k8s), TOOL, {});

    expect(namespaces).toEqual(['ops', SESSION_NS, 'swe-ai-fleet', 'default']);
    expect(requestedNamespaces(fixture.fake)).toEqual([
      'ops',
      SESSION_NS,
      'swe-ai-fleet',
      'default',
    ]);
  });

  it('should pass label and field selectors to the API server when they are given', async () => {
    fixture.fake.put('pods', SESSION_NS, pod('a'));
    fixture.fake.put('pods', SESSION_NS, pod('b', { status: { phase: 'Pending' } }));
    fixture.fake.put('pods', SESSION_NS, pod('c'));

    expect(names(await run({ label_selector: 'app=b' }))).toEqual(['b']);
    expect(names(await run({ field_selector: 'status.phase=Running' }))).toEqual(['a', 'c']);
    expect(fixture.fake.requests.map((request) => request.query)).toEqual([
      { labelSelector: 'app=b' },
      { fieldSelector: 'status.phase=Running' },
    ]);
  });

  it('should keep the first max_pods by name and flag truncated when there are more pods', async () => {
    for (const name of ['c', 'a', 'd', 'b']) {
      fixture.fake.put('pods', SESSION_NS, pod(name));
    }

    const output = await run({ max_pods: 2 });

    expect(names(output)).toEqual(['a', 'b']);
    expect(output).toMatchObject({
      count: 2,
      truncated: true,
      summary: '2 pod(s) in namespace team-a (of 4)',
    });
  });

  it('should return an empty list when the namespace does not exist', async () => {
    expect(await run({ namespace: 'ghost' })).toMatchObject({
      namespace: 'ghost',
      pods: [],
      count: 0,
      truncated: false,
      summary: '0 pod(s) in namespace ghost',
    });
  });

  it('should fail with retryable execution_failed when the API server is unreachable', async () => {
    const failure = await failureOf(
      fixture.run(new K8sGetPodsTool(fixture.unreachable()), TOOL, {}),
    );

    expect(failure?.[0]).toBe('execution_failed');
    expect(failure?.[1]).toMatch(/^kubernetes API error: /);
    expect(failure?.[2]).toBe(true);
  });

  it('should fail with execution_failed when no Kubernetes client is configured', async () => {
    const failure = await failureOf(fixture.run(new K8sGetPodsTool(withoutClient()), TOOL, {}));

    expect(failure?.slice(0, 2)).toEqual([
      'execution_failed',
      'kubernetes client is not configured',
    ]);
  });
});
