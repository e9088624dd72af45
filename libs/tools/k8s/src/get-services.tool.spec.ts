import type { JsonObject } from '#app/contracts';
import type { KubeObject } from '#app/testing';
import { K8sGetServicesTool } from './get-services.tool.js';
import {
  failureOf,
  type K8sToolsFixture,
  namespaceChain,
  reportOf,
  requestedNamespaces,
  SESSION_NS,
  startK8sToolsFixture,
  withoutClient,
} from './testing/k8s-tools.fixture.js';

const TOOL = 'k8s.get_services';

function service(
  name: string,
  spec: KubeObject = {},
  labels: Record<string, string> = { app: name },
): KubeObject {
  return {
    metadata: { name, labels },
    spec: { selector: { app: name }, ports: [{ port: 80 }], ...spec },
  };
}

describe('k8s.get_services (protocol-fake Kubernetes API)', () => {
  let fixture: K8sToolsFixture;

  beforeEach(async () => {
    fixture = await startK8sToolsFixture();
  });
  afterEach(async () => {
    await fixture.close();
  });

  const run = async (args: JsonObject): Promise<JsonObject> =>
    (await fixture.run(new K8sGetServicesTool(fixture.k8s), TOOL, args)).output as JsonObject;
  const names = (output: JsonObject): unknown[] =>
    (output['services'] as JsonObject[]).map((entry) => entry['name']);

  it('should describe services with sorted external addresses and ports and the report artifact when listing', async () => {
    const stored = fixture.fake.put(
      'services',
      SESSION_NS,
      service('web', {
        type: 'LoadBalancer',
        clusterIP: '10.96.0.10',
        externalIPs: ['203.0.113.9'],
        selector: { app: 'web', tier: 'front' },
        ports: [
          { name: 'https', protocol: 'TCP', port: 443, targetPort: 'https', nodePort: 30443 },
          { name: 'dns', protocol: 'UDP', port: 53, targetPort: 5353 },
          { name: 'dns-tcp', protocol: 'TCP', port: 53, targetPort: 5353 },
          { port: 80 },
        ],
      }),
    );
    stored['status'] = {
      loadBalancer: { ingress: [{ hostname: 'lb.example.test' }, { ip: '198.51.100.4' }] },
    };
    fixture.fake.put('services', SESSION_NS, service('api'));

    const result = await fixture.run(new K8sGetServicesTool(fixture.k8s), TOOL, {});
    const output = result.output as JsonObject;

    expect(output).toMatchObject({
      namespace: SESSION_NS,
      count: 2,
      truncated: false,
      source: 'k8s_sdk',
      summary: '2 service(s) in namespace team-a',
    });
    expect(names(output)).toEqual(['api', 'web']);
    expect((output['services'] as JsonObject[])[1]).toEqual({
      name: 'web',
      namespace: SESSION_NS,
      type: 'LoadBalancer',
      cluster_ip: '10.96.0.10',
      external_ips: ['198.51.100.4', '203.0.113.9', 'lb.example.test'],
      ports: [
        { name: 'dns-tcp', protocol: 'TCP', port: 53, target_port: '5353', node_port: 0 },
        { name: 'dns', protocol: 'UDP', port: 53, target_port: '5353', node_port: 0 },
        { name: '', protocol: 'TCP', port: 80, target_port: '', node_port: 0 },
        { name: 'https', protocol: 'TCP', port: 443, target_port: 'https', node_port: 30443 },
      ],
      selector: { app: 'web', tier: 'front' },
      created_at: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/),
    });
    expect(reportOf(result, 'k8s-get-services-report.json')).toEqual(output);
  });

  it('should default the type to ClusterIP and add labels only when include_labels is set', async () => {
    fixture.fake.put('services', SESSION_NS, service('api', {}, { app: 'api', team: 'core' }));

    const [plain] = (await run({}))['services'] as JsonObject[];
    const [labelled] = (await run({ include_labels: true }))['services'] as JsonObject[];

    expect(plain).toMatchObject({
      type: 'ClusterIP',
      cluster_ip: expect.stringMatching(/^10\.96\.0\.\d+$/),
      external_ips: [],
    });
    expect(plain).not.toHaveProperty('labels');
    expect(labelled?.['labels']).toEqual({ app: 'api', team: 'core' });
  });

  it('should resolve the namespace from the arg, then the session, then the config, then default when namespace is omitted', async () => {
    const namespaces = await namespaceChain(
      fixture,
      (k8s) => new K8sGetServicesTool(k8s),
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
    fixture.fake.put('services', SESSION_NS, service('a', {}, { tier: 'front' }));
    fixture.fake.put('services', SESSION_NS, service('b', {}, { tier: 'back' }));

    expect(names(await run({ label_selector: 'tier=back' }))).toEqual(['b']);
    expect(names(await run({ field_selector: 'metadata.name=a' }))).toEqual(['a']);
    expect(fixture.fake.requests.map((request) => request.query)).toEqual([
      { labelSelector: 'tier=back' },
      { fieldSelector: 'metadata.name=a' },
    ]);
  });

  it('should keep the first max_services by name and flag truncated when there are more services', async () => {
    for (const name of ['c', 'a', 'b']) {
      fixture.fake.put('services', SESSION_NS, service(name));
    }

    const output = await run({ max_services: 2 });

    expect(names(output)).toEqual(['a', 'b']);
    expect(output).toMatchObject({ count: 2, truncated: true });
  });

  it('should return an empty list when the namespace does not exist', async () => {
    expect(await run({ namespace: 'ghost' })).toMatchObject({
      namespace: 'ghost',
      services: [],
      count: 0,
      truncated: false,
    });
  });

  it('should fail with retryable execution_failed when the API server is unreachable', async () => {
    const failure = await failureOf(
      fixture.run(new K8sGetServicesTool(fixture.unreachable()), TOOL, {}),
    );

    expect(failure?.[0]).toBe('execution_failed');
    expect(failure?.[1]).toMatch(/^kubernetes API error: /);
    expect(failure?.[2]).toBe(true);
  });

  it('should fail with execution_failed when no Kubernetes client is configured', async () => {
    const failure = await failureOf(fixture.run(new K8sGetServicesTool(withoutClient()), TOOL, {}));

    expect(failure?.slice(0, 2)).toEqual([
      'execution_failed',
      'kubernetes client is not configured',
    ]);
  });
});
