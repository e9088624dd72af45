import type { JsonObject } from '#app/contracts';
import {
  type FakePrograms,
  type FakeResponse,
  type ToolWorkspace,
  appFailureOf,
  artifactTextOf,
  createFakePrograms,
  createToolWorkspace,
} from '#app/testing';
import { SecurityScanContainerTool } from './scan-container.tool.js';

const RISKY_DOCKERFILE = `FROM ubuntu
RUN apt-get update && apt-get install -y curl
RUN curl -sSL https://get.example.com | bash
ADD app.tar.gz /srv
RUN chmod 777 /srv
`;

const TRIVY_REPORT = JSON.stringify({
  SchemaVersion: 2,
  Results: [
    {
      Target: 'package-lock.json',
      Vulnerabilities: [
        {
          VulnerabilityID: 'CVE-2024-0001',
          PkgName: 'lodash',
          InstalledVersion: '4.17.20',
          FixedVersion: '4.17.21',
          Severity: 'HIGH',
          Title: 'Prototype pollution',
          Description: 'd'.repeat(500),
          PrimaryURL: 'https://avd.aquasec.com/nvd/cve-2024-0001',
        },
        {
          VulnerabilityID: 'CVE-2024-0002',
          PkgName: 'minimist',
          InstalledVersion: '1.2.0',
          Severity: 'LOW',
          Title: 'Low one',
        },
      ],
    },
    {
      Target: 'Dockerfile',
      Misconfigurations: [
        {
          AVDID: 'AVD-DS-0002',
          Type: 'dockerfile',
          Title: 'Image user should not be root',
          Severity: 'CRITICAL',
          Message: 'Specify at least 1 USER',
          Resolution: 'Add USER',
        },
      ],
    },
    {
      Target: 'config/.env',
      Secrets: [
        {
          RuleID: 'github-pat',
          Category: 'GitHub',
          Title: 'GitHub PAT',
          Severity: 'CRITICAL',
          StartLine: 3,
          Match: 'GITHUB_TOKEN=ghp_****************',
        },
      ],
    },
  ],
});

describe('SecurityScanContainerTool', () => {
  const tool = new SecurityScanContainerTool();
  let fakes: FakePrograms;
  let ws: ToolWorkspace;

  const setUp = async (trivy?: FakeResponse[]): Promise<void> => {
    fakes = await createFakePrograms(trivy === undefined ? {} : { trivy }, {
      link: ['find', 'cat'],
    });
    ws = await createToolWorkspace({ searchPath: fakes.dir });
    await ws.write({
      Dockerfile: RISKY_DOCKERFILE,
      'services/api/Dockerfile.prod': 'FROM node:latest\nUSER node\n',
      'services/api/worker.dockerfile':
        'FROM node:20.11@sha256:' + 'a'.repeat(64) + '\nUSER node\n',
      'node_modules/pkg/Dockerfile': 'FROM ignored\n',
      'README.md': 'FROM nothing\n',
      'services/none/notes.txt': 'FROM nothing\n',
    });
  };
  afterEach(async () => {
    await ws.cleanup();
    await fakes.cleanup();
  });
  const scan = (args: JsonObject) => ws.run(tool, args, { toolName: 'security.scan_container' });

  it('should apply the Dockerfile heuristics when trivy is not installed', async () => {
    await setUp();
    const result = await scan({});
    const output = result.output as JsonObject;
    expect(output).toMatchObject({
      scanner: 'heuristic-dockerfile',
      target: '.',
      severity_threshold: 'medium',
      findings_count: 5,
      severity_counts: { critical: 0, high: 1, medium: 4, low: 0, unknown: 0 },
      truncated: false,
      exit_code: 0,
    });
    expect(output['command']).toEqual([
      'find',
      '.',
      '(',
      '-name',
      '.git',
      '-o',
      '-name',
      'node_modules',
      '-o',
      '-name',
      'vendor',
      '-o',
      '-name',
      'target',
      '-o',
      '-name',
      '.workspace-venv',
      ')',
      '-prune',
      '-o',
      '-type',
      'f',
      '-print',
    ]);
    expect(
      (output['findings'] as JsonObject[]).map((finding) => [
        finding['severity'],
        finding['target'],
        finding['id'],
        finding['line'],
      ]),
    ).toEqual([
      ['high', 'Dockerfile', 'dockerfile.pipe_to_shell', 3],
      ['medium', 'Dockerfile', 'dockerfile.chmod_777', 5],
      ['medium', 'Dockerfile', 'dockerfile.missing_user', 0],
      ['medium', 'Dockerfile', 'dockerfile.unpinned_base_image', 1],
      // The `latest` rule is reported as the unpinned-base rule.
      ['medium', 'services/api/Dockerfile.prod', 'dockerfile.unpinned_base_image', 1],
    ]);
    expect((output['findings'] as JsonObject[])[0]).toMatchObject({
      kind: 'misconfiguration',
      type: 'dockerfile',
      resolution: 'download scripts to a file and verify them before running',
    });
    expect(result.logs).toEqual([]);
    expect(JSON.parse(artifactTextOf(result, 'container-scan-findings.json') ?? '[]')).toHaveLength(
      5,
    );
  });

  it('should include the low findings when the threshold is low and cut at max_findings', async () => {
    await setUp();
    const output = (await scan({ severity_threshold: 'low', max_findings: 3 }))
      .output as JsonObject;
    expect(output).toMatchObject({
      severity_threshold: 'low',
      findings_count: 7,
      truncated: true,
      severity_counts: { high: 1, medium: 4, low: 2 },
    });
    expect(output['findings']).toHaveLength(3);
  });

  it('should parse the trivy report, drop findings below the threshold and sort by severity', async () => {
    await setUp([{ when: 'fs', output: TRIVY_REPORT }]);
    const result = await scan({ severity_threshold: 'moderate' });
    expect(await fakes.calls()).toEqual([
      [
        'trivy',
        'fs',
        '--format',
        'json',
        '--quiet',
        '--no-progress',
        '--severity',
        'CRITICAL,HIGH,MEDIUM',
        '.',
      ],
    ]);
    const output = result.output as JsonObject;
    expect(output).toMatchObject({
      scanner: 'trivy',
      severity_threshold: 'medium',
      findings_count: 3,
      severity_counts: { critical: 2, high: 1, low: 0 },
    });
    const findings = output['findings'] as JsonObject[];
    expect(findings.map((finding) => [finding['kind'], finding['id'], finding['target']])).toEqual([
      ['misconfiguration', 'AVD-DS-0002', 'Dockerfile'],
      ['secret', 'github-pat', 'config/.env'],
      ['vulnerability', 'CVE-2024-0001', 'package-lock.json'],
    ]);
    expect(findings[2]).toMatchObject({
      package: 'lodash',
      installed_version: '4.17.20',
      fixed_version: '4.17.21',
      primary_url: 'https://avd.aquasec.com/nvd/cve-2024-0001',
    });
    expect((findings[2]?.['description'] as string).length).toBe(400);
    expect(findings[1]).toMatchObject({
      category: 'GitHub',
      line: 3,
      match: 'GITHUB_TOKEN=ghp_****************',
    });
    expect(result.logs).toHaveLength(1);
  });

  it('should scan an image reference with trivy image', async () => {
    await setUp([{ when: 'image', output: JSON.stringify([]) }]);
    const output = (
      await scan({ image_ref: 'docker.io/library/alpine:3.20', severity_threshold: 'critical' })
    ).output as JsonObject;
    expect(output).toMatchObject({
      scanner: 'trivy',
      target: 'docker.io/library/alpine:3.20',
      findings_count: 0,
    });
    expect(await fakes.calls()).toEqual([
      [
        'trivy',
        'image',
        '--format',
        'json',
        '--quiet',
        '--no-progress',
        '--severity',
        'CRITICAL',
        'docker.io/library/alpine:3.20',
      ],
    ]);
  });

  it('should replace a clean trivy fs result with the heuristic findings', async () => {
    await setUp([{ when: 'fs', output: '{"Results":[]}' }]);
    expect((await scan({})).output).toMatchObject({
      scanner: 'heuristic-dockerfile',
      findings_count: 5,
    });
  });

  it('should fall back to the heuristics when trivy prints an unparsable report', async () => {
    await setUp([{ output: 'FATAL: db download failed', exitCode: 1 }]);
    expect((await scan({})).output).toMatchObject({
      scanner: 'heuristic-dockerfile',
      exit_code: 0,
    });
  });

  it('should fail only when trivy failed and nothing was found at all', async () => {
    await setUp([{ output: 'FATAL: db download failed', exitCode: 1 }]);
    const result = await scan({ path: 'services/api/worker.dockerfile' });
    expect(result.error).toEqual({
      code: 'execution_failed',
      message: 'command failed: FATAL: db download failed',
      retryable: false,
    });
  });

  it('should succeed with no findings when trivy is missing and no Dockerfile exists below the path', async () => {
    await setUp();
    expect((await scan({ path: 'services/none' })).output).toMatchObject({
      findings_count: 0,
      scanner: 'heuristic-dockerfile',
    });
  });

  it('should refuse a path outside the workspace and an image reference that reads as an option', async () => {
    await setUp();
    expect(await appFailureOf(scan({ path: '../outside' }))).toEqual({
      code: 'policy_denied',
      message: 'path escapes workspace',
    });
    expect(await appFailureOf(scan({ image_ref: '--config=/etc/x' }))).toMatchObject({
      code: 'invalid_argument',
    });
  });
});
