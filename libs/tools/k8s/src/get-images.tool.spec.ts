import type { JsonObject } from '#app/contracts';
import { K8sGetImagesTool } from './get-images.tool.js';
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

const TOOL = 'k8s.get_images';

describe('k8s.get_images (protocol-fake Kubernetes API)', () => {
  let fixture: K8sToolsFixture;

  beforeEach(async () => {
    fixture = await startK8sToolsFixture();
  });
  afterEach(async () => {
    await fixture.close();
  });

  const run = async (args: JsonObject): Promise<JsonObject> =>
    (await fixture.run(new K8sGetImagesTool(fixture.k8s), TOOL, args)).output as JsonObject;
  const seedPods = (): void => {
    fixture.fake.put('pods', SESSION_NS, {
      metadata: { name: 'web-1', labels: { app: 'web' } },
      spec: {
        initContainers: [{ name: 'init', image: 'busybox:1' }],
        containers: [
          { name: 'app', image: 'nginx:1' },
          { name: 'log', image: 'fluent:2' },
        ],
      },
    });
    fixture.fake.put('pods', SESSION_NS, {
      metadata: { name: 'web-2', labels: { app: 'web' } },
      spec: {
        initContainers: [{ name: 'init', image: 'busybox:1' }],
        containers: [{ name: 'app', image: 'nginx:1' }],
      },
    });
    fixture.fake.put('pods', SESSION_NS, {
      metadata: { name: 'api', labels: { app: 'api' } },
      spec: {
        containers: [
          { name: 'app', image: 'api:3' },
          { name: 'sidecar', image: 'nginx:1' },
        ],
      },
    });
  };

  it('should count init and regular container images sorted by occurrences then image with the report artifact', async () => {
    seedPods();

    const result = await fixture.run(new K8sGetImagesTool(fixture.k8s), TOOL, {});
    const output = result.output as JsonObject;

    expect(output).toEqual({
      namespace: SESSION_NS,
      images: [
        { image: 'nginx:1', occurrences: 3, pod_count: 3 },
        { image: 'busybox:1', occurrences: 2, pod_count: 2 },
        { image: 'api:3', occurrences: 1, pod_count: 1 },
        { image: 'fluent:2', occurrences: 1, pod_count: 1 },
      ],
      count: 4,
      truncated: false,
      source: 'k8s_sdk',
      summary: '4 image(s) across 3 pod(s) in namespace team-a',
    });
    expect(reportOf(result, 'k8s-get-images-report.json')).toEqual(output);
  });

  it('should list the sorted pods and pod/container pairs of each image when include_workloads is set', async () => {
    seedPods();

    const images = (await run({ include_workloads: true }))['images'] as JsonObject[];

    expect(images[0]).toEqual({
      image: 'nginx:1',
      occurrences: 3,
      pod_count: 3,
      pods: ['api', 'web-1', 'web-2'],
      workloads: ['api/sidecar', 'web-1/app', 'web-2/app'],
    });
    expect(images[1]).toMatchObject({
      image: 'busybox:1',
      pods: ['web-1', 'web-2'],
      workloads: ['web-1/init', 'web-2/init'],
    });
  });

  it('should resolve the namespace from the arg, then the session, then the config, then default when namespace is omitted', async () => {
    const namespaces = await namespaceChain(fixture, (k8s) => new K8sGetImagesTool(k8s), TOOL, {});

    expect(namespaces).toEqual(['ops', SESSION_NS, 'swe-ai-fleet', 'default']);
    expect(requestedNamespaces(fixture.fake)).toEqual([
      'ops',
      SESSION_NS,
      'swe-ai-fleet',
      'default',
    ]);
  });

  it('should count only the images of the selected pods when label or field selectors are given', async () => {
    seedPods();

    const byLabel = await run({ label_selector: 'app=api' });
    const byField = await run({ field_selector: 'metadata.name=web-2' });

    expect((byLabel['images'] as JsonObject[]).map((entry) => entry['image'])).toEqual([
      'api:3',
      'nginx:1',
    ]);
    expect((byField['images'] as JsonObject[]).map((entry) => entry['image'])).toEqual([
      'busybox:1',
      'nginx:1',
    ]);
    expect(fixture.fake.requests.map((request) => request.query)).toEqual([
      { labelSelector: 'app=api' },
      { fieldSelector: 'metadata.name=web-2' },
    ]);
  });

  it('should keep the most used max_images and flag truncated when there are more images', async () => {
    seedPods();

    const output = await run({ max_images: 2 });

    expect((output['images'] as JsonObject[]).map((entry) => entry['image'])).toEqual([
      'nginx:1',
      'busybox:1',
    ]);
    expect(output).toMatchObject({ count: 2, truncated: true });
  });

  it('should return no images when the namespace does not exist', async () => {
    expect(await run({ namespace: 'ghost' })).toMatchObject({
      namespace: 'ghost',
      images: [],
      count: 0,
      truncated: false,
      summary: '0 image(s) across 0 pod(s) in namespace ghost',
    });
  });

  it('should count each pod once in pod_count when several of its containers share an image', async () => {
    fixture.fake.put(
      'pods',
      SESSION_NS,
      pod('twin', {
        spec: {
          containers: [
            { name: 'a', image: 'same:1' },
            { name: 'b', image: 'same:1' },
          ],
        },
      }),
    );

    expect((await run({}))['images']).toEqual([{ image: 'same:1', occurrences: 2, pod_count: 1 }]);
  });

  it('should fail with retryable execution_failed when the API server is unreachable', async () => {
    const failure = await failureOf(
      fixture.run(new K8sGetImagesTool(fixture.unreachable()), TOOL, {}),
    );

    expect(failure?.[0]).toBe('execution_failed');
    expect(failure?.[1]).toMatch(/^kubernetes API error: /);
    expect(failure?.[2]).toBe(true);
  });

  it('should fail with execution_failed when no Kubernetes client is configured', async () => {
    const failure = await failureOf(fixture.run(new K8sGetImagesTool(withoutClient()), TOOL, {}));

    expect(failure?.slice(0, 2)).toEqual([
      'execution_failed',
      'kubernetes client is not configured',
    ]);
  });
});
