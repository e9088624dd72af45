import type { JsonObject } from '#app/contracts';
import { K8sGetLogsTool } from './get-logs.tool.js';
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

const TOOL = 'k8s.get_logs';

describe('k8s.get_logs (protocol-fake Kubernetes API)', () => {
  let fixture: K8sToolsFixture;

  beforeEach(async () => {
    fixture = await startK8sToolsFixture();
    fixture.fake.put(
      'pods',
      SESSION_NS,
      pod('api', {
        spec: {
          containers: [
            { name: 'main', image: 'x' },
            { name: 'proxy', image: 'y' },
          ],
        },
      }),
    );
  });
  afterEach(async () => {
    await fixture.close();
  });

  const run = async (args: JsonObject): Promise<JsonObject> =>
    (await fixture.run(new K8sGetLogsTool(fixture.k8s), TOOL, args)).output as JsonObject;
  const logRequest = (): Record<string, string> | undefined =>
    fixture.fake.requests.find((request) => request.path.endsWith('/log'))?.query;

  it('should return the tail of the first container log with both artifacts when tail_lines is given', async () => {
    fixture.fake.podLogs.set('api', 'one\ntwo\nthree\n');

    const result = await fixture.run(new K8sGetLogsTool(fixture.k8s), TOOL, {
      pod_name: 'api',
      tail_lines: 2,
    });

    expect(result.output).toEqual({
      namespace: SESSION_NS,
      pod_name: 'api',
      container: 'main',
      bytes: 10,
      line_count: 2,
      truncated: false,
      logs: 'two\nthree\n',
      source: 'k8s_sdk',
      summary: '2 log line(s) from api/main',
    });
    expect(logRequest()).toMatchObject({ container: 'main', tailLines: '2' });
    expect(reportOf(result, 'k8s-get-logs-report.json')).toEqual(result.output);
    expect(
      result.artifacts
        ?.find((artifact) => artifact.name === 'k8s-get-logs.txt')
        ?.data.toString('utf8'),
    ).toBe('two\nthree\n');
  });

  it('should ask for the named container, since_seconds and the previous log when they are given', async () => {
    fixture.fake.podLogs.set('api', 'crashed\n');

    const output = await run({
      pod_name: 'api',
      container: 'proxy',
      since_seconds: 600,
      previous: true,
    });

    expect(output).toMatchObject({ container: 'proxy', logs: 'crashed\n', line_count: 1 });
    expect(logRequest()).toMatchObject({
      container: 'proxy',
      sinceSeconds: '600',
      previous: 'true',
      tailLines: '200',
    });
  });

  it('should cut the log at max_bytes and flag truncated when the log is longer', async () => {
    fixture.fake.podLogs.set('api', `${'x'.repeat(99)}\n`.repeat(20));

    const output = await run({ pod_name: 'api', max_bytes: 1024 });

    expect(output).toMatchObject({
      bytes: 1024,
      truncated: true,
      line_count: 11,
      summary: '11 log line(s) from api/main (truncated)',
    });
    expect(logRequest()?.['limitBytes']).toBe('1025');
  });

  it('should report zero lines when the container has not logged anything', async () => {
    expect(await run({ pod_name: 'api' })).toMatchObject({
      logs: '',
      bytes: 0,
      line_count: 0,
      truncated: false,
    });
  });

  it('should resolve the namespace from the arg, then the session, then the config, then default when namespace is omitted', async () => {
    for (const namespace of ['ops', 'swe-ai-fleet', 'default']) {
      fixture.fake.put('pods', namespace, pod('api'));
    }

    const namespaces = await namespaceChain(fixture, (k8s) => new K8sGetLogsTool(k8s), TOOL, {
      pod_name: 'api',
    });

    expect(namespaces).toEqual(['ops', SESSION_NS, 'swe-ai-fleet', 'default']);
    expect(requestedNamespaces(fixture.fake)).toEqual([
      'ops',
      'ops',
      SESSION_NS,
      SESSION_NS,
      'swe-ai-fleet',
      'swe-ai-fleet',
      'default',
      'default',
    ]);
  });

  it('should fail with not_found when the pod does not exist', async () => {
    expect(
      await failureOf(fixture.run(new K8sGetLogsTool(fixture.k8s), TOOL, { pod_name: 'nope' })),
    ).toEqual(['not_found', 'pod not found: nope', false]);
  });

  it('should fail with not_found when the namespace does not exist', async () => {
    const failure = await failureOf(
      fixture.run(new K8sGetLogsTool(fixture.k8s), TOOL, { pod_name: 'api', namespace: 'ghost' }),
    );

    expect(failure?.slice(0, 2)).toEqual(['not_found', 'pod not found: api']);
  });

  it('should fail with retryable execution_failed when the API server is unreachable', async () => {
    const failure = await failureOf(
      fixture.run(new K8sGetLogsTool(fixture.unreachable()), TOOL, { pod_name: 'api' }),
    );

    expect(failure?.[0]).toBe('execution_failed');
    expect(failure?.[1]).toMatch(/^kubernetes API error: /);
    expect(failure?.[2]).toBe(true);
  });

  it('should fail with execution_failed when no Kubernetes client is configured', async () => {
    const failure = await failureOf(
      fixture.run(new K8sGetLogsTool(withoutClient()), TOOL, { pod_name: 'api' }),
    );

    expect(failure?.slice(0, 2)).toEqual([
      'execution_failed',
      'kubernetes client is not configured',
    ]);
  });
});
