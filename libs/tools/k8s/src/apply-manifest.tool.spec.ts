import type { JsonObject } from '#app/contracts';
import { K8sApplyManifestTool } from './apply-manifest.tool.js';
import {
  failureOf,
  type K8sToolsFixture,
  reportOf,
  SESSION_NS,
  startK8sToolsFixture,
  withoutClient,
} from './testing/k8s-tools.fixture.js';

const TOOL = 'k8s.apply_manifest';
const CONFIG_MAP = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cfg\ndata:\n  a: "1"';
const SERVICE =
  'apiVersion: v1\nkind: service\nmetadata:\n  name: web\nspec:\n  ports:\n  - port: 80';
const DEPLOYMENT = [
  'apiVersion: apps/v1',
  'kind: Deployment',
  'metadata:',
  '  name: api',
  'spec:',
  '  replicas: 2',
  '  selector:',
  '    matchLabels: {app: api}',
  '  template:',
  '    metadata:',
  '      labels: {app: api}',
  '    spec:',
  '      containers: [{name: c, image: "api:1"}]',
].join('\n');

describe('k8s.apply_manifest (protocol-fake Kubernetes API)', () => {
  let fixture: K8sToolsFixture;

  beforeEach(async () => {
    fixture = await startK8sToolsFixture();
  });
  afterEach(async () => {
    await fixture.close();
  });

  const apply = (args: JsonObject): Promise<JsonObject> =>
    fixture
      .run(new K8sApplyManifestTool(fixture.k8s), TOOL, args)
      .then((result) => result.output as JsonObject);
  const refuse = (args: JsonObject): Promise<[string, string, boolean] | null> =>
    failureOf(fixture.run(new K8sApplyManifestTool(fixture.k8s), TOOL, args));

  it('should create then update objects, dry-run without storing, and keep the service cluster IP', async () => {
    const tool = new K8sApplyManifestTool(fixture.k8s);
    const manifest = [CONFIG_MAP, '---', SERVICE].join('\n');

    const dry = (await fixture.run(tool, TOOL, { manifest, dry_run: true })).output as JsonObject;
    expect(dry).toMatchObject({ dry_run: true, created_count: 2, namespace: SESSION_NS });
    expect(fixture.fake.list('configmaps', SESSION_NS)).toEqual([]);
    expect(
      fixture.fake.requests
        .filter((r) => r.method === 'POST')
        .every((r) => r.query['dryRun'] === 'All'),
    ).toBe(true);

    await fixture.run(tool, TOOL, { manifest });
    const clusterIp = fixture.fake.get('services', SESSION_NS, 'web')?.['spec'].clusterIP;
    const again = await fixture.run(tool, TOOL, { manifest });
    expect(again.output).toMatchObject({ applied_count: 2, created_count: 0, updated_count: 2 });
    expect(fixture.fake.get('services', SESSION_NS, 'web')?.['spec'].clusterIP).toBe(clusterIp);
    expect(reportOf(again, 'k8s-apply-manifest-report.json')).toEqual(again.output);
  });

  it('should list each resource with its canonical kind, api version and operation when a manifest is applied', async () => {
    fixture.fake.put('deployments', SESSION_NS, {
      metadata: { name: 'api' },
      spec: { replicas: 1 },
    });

    const output = await apply({ manifest: [CONFIG_MAP, '---', '', '---', DEPLOYMENT].join('\n') });

    expect(output).toEqual({
      namespace: SESSION_NS,
      dry_run: false,
      applied_count: 2,
      created_count: 1,
      updated_count: 1,
      resources: [
        {
          api_version: 'v1',
          kind: 'ConfigMap',
          name: 'cfg',
          namespace: SESSION_NS,
          operation: 'created',
        },
        {
          api_version: 'apps/v1',
          kind: 'Deployment',
          name: 'api',
          namespace: SESSION_NS,
          operation: 'updated',
        },
      ],
      source: 'k8s_sdk',
      summary: '1 created, 1 updated in namespace team-a',
    });
    expect(fixture.fake.get('deployments', SESSION_NS, 'api')?.['spec'].replicas).toBe(2);
  });

  it('should send the stored resourceVersion and leave the object unchanged when a dry-run update is applied', async () => {
    const stored = fixture.fake.put('configmaps', SESSION_NS, {
      metadata: { name: 'cfg' },
      data: { a: '0' },
    });

    const output = await apply({ manifest: CONFIG_MAP, dry_run: true });

    const put = fixture.fake.requests.find((request) => request.method === 'PUT');
    expect(output).toMatchObject({
      updated_count: 1,
      summary: 'dry run: 0 created, 1 updated in namespace team-a',
    });
    expect(put?.body?.['metadata'].resourceVersion).toBe(stored['metadata'].resourceVersion);
    expect(put?.query['dryRun']).toBe('All');
    expect(fixture.fake.get('configmaps', SESSION_NS, 'cfg')?.['data']).toEqual({ a: '0' });
  });

  it('should keep allocated service fields and node ports when the manifest leaves them unset', async () => {
    fixture.fake.put('services', SESSION_NS, {
      metadata: { name: 'web' },
      spec: {
        type: 'NodePort',
        clusterIP: '10.96.0.50',
        clusterIPs: ['10.96.0.50'],
        ipFamilies: ['IPv4'],
        ipFamilyPolicy: 'SingleStack',
        ports: [
          { name: 'http', protocol: 'TCP', port: 80, nodePort: 30080 },
          { name: 'dns', protocol: 'UDP', port: 53, nodePort: 30053 },
        ],
      },
    });

    await apply({
      manifest:
        'kind: Service\nmetadata:\n  name: web\nspec:\n  type: NodePort\n  ports:\n  - {name: http, port: 80}\n  - {name: dns, port: 53, protocol: TCP}',
    });

    expect(fixture.fake.get('services', SESSION_NS, 'web')?.['spec']).toMatchObject({
      clusterIP: '10.96.0.50',
      clusterIPs: ['10.96.0.50'],
      ipFamilies: ['IPv4'],
      ipFamilyPolicy: 'SingleStack',
      ports: [
        { name: 'http', port: 80, nodePort: 30080 },
        { name: 'dns', port: 53, protocol: 'TCP' },
      ],
    });
    expect(fixture.fake.get('services', SESSION_NS, 'web')?.['spec'].ports[1]).not.toHaveProperty(
      'nodePort',
    );
  });

  it('should apply into the namespace arg and accept a document naming that namespace', async () => {
    const output = await apply({
      manifest: 'kind: ConfigMap\nmetadata:\n  name: c\n  namespace: ops',
      namespace: 'ops',
    });

    expect(output).toMatchObject({ namespace: 'ops', created_count: 1 });
    expect(fixture.fake.get('configmaps', 'ops', 'c')?.['metadata'].namespace).toBe('ops');
    expect(fixture.fake.list('configmaps', SESSION_NS)).toEqual([]);
  });

  it('should refuse other kinds, foreign namespaces and too many objects', async () => {
    expect(
      await refuse({ manifest: 'apiVersion: v1\nkind: Secret\nmetadata:\n  name: s' }),
    ).toEqual(['policy_denied', 'kind Secret is not allowed', false]);
    expect(
      (
        await refuse({ manifest: 'kind: ConfigMap\nmetadata:\n  name: c\n  namespace: other' })
      )?.slice(0, 2),
    ).toEqual(['policy_denied', 'manifest namespace other does not match target namespace']);
    expect(
      (await refuse({ manifest: 'apiVersion: v1\nkind: Deployment\nmetadata:\n  name: d' }))?.[0],
    ).toBe('invalid_argument');
    expect(
      (
        await refuse({
          manifest:
            'kind: ConfigMap\nmetadata:\n  name: a\n---\nkind: ConfigMap\nmetadata:\n  name: b',
          max_objects: 1,
        })
      )?.[0],
    ).toBe('invalid_argument');
    expect(fixture.fake.requests).toEqual([]);
  });

  it('should fail with invalid_argument when the manifest is empty, unparsable or an object lacks a name', async () => {
    expect((await refuse({ manifest: '---\n' }))?.[0]).toBe('invalid_argument');
    expect((await refuse({ manifest: 'kind: [unclosed' }))?.[0]).toBe('invalid_argument');
    expect(await refuse({ manifest: 'kind: ConfigMap\nmetadata: {}' })).toEqual([
      'invalid_argument',
      'manifest object 1 needs kind and metadata.name',
      false,
    ]);
  });

  it('should fail with retryable execution_failed when the API server is unreachable', async () => {
    const failure = await failureOf(
      fixture.run(new K8sApplyManifestTool(fixture.unreachable()), TOOL, { manifest: CONFIG_MAP }),
    );

    expect(failure?.[0]).toBe('execution_failed');
    expect(failure?.[1]).toMatch(/^kubernetes API error: /);
    expect(failure?.[2]).toBe(true);
  });

  it('should fail with execution_failed when no Kubernetes client is configured', async () => {
    const failure = await failureOf(
      fixture.run(new K8sApplyManifestTool(withoutClient()), TOOL, { manifest: CONFIG_MAP }),
    );

    expect(failure?.slice(0, 2)).toEqual([
      'execution_failed',
      'kubernetes client is not configured',
    ]);
  });
});
