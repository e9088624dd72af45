import { BuildTool } from './build.tool.js';
import { DetectProjectTypeTool } from './detect-project-type.tool.js';
import { DetectToolchainTool } from './detect-toolchain.tool.js';
import { PackageTool } from './package.tool.js';
import { RunTestsTool } from './run-tests.tool.js';
import { TestFailuresSummaryTool } from './test-failures-summary.tool.js';
import { TestTool } from './test.tool.js';
import { NODE_PROJECT } from './testing/repo-fixtures.js';
import {
  artifactText,
  createRepoWorkspace,
  failureOf,
  type RepoWorkspace,
} from './testing/repo-workspace.fixture.js';

describe('repo tools on a node project', () => {
  let ws: RepoWorkspace;

  beforeAll(async () => {
    ws = await createRepoWorkspace();
    await ws.write(NODE_PROJECT);
  });
  afterAll(() => ws.cleanup());

  it('should detect an npm project and its toolchain when package.json is at the root', async () => {
    expect((await ws.run(new DetectProjectTypeTool())).output).toEqual({
      project_type: 'node',
      flavor: 'npm',
    });
    expect((await ws.run(new DetectToolchainTool())).output).toEqual({
      project_type: 'node',
      language: 'node',
      build_system: 'npm',
      test_framework: 'npm-test',
      containerizable: true,
    });
  });

  it('should fail with execution_failed and keep output, failures, logs and artifact when a test fails', async () => {
    const result = await ws.run(new RunTestsTool());
    expect(result.error).toEqual({
      code: 'execution_failed',
      message: expect.stringMatching(/^command failed: /),
      retryable: false,
    });
    expect(result.exit_code).toBe(1);
    expect(result.output).toMatchObject({
      project_type: 'node',
      command: ['npm', 'test'],
      exit_code: 1,
      summary: 'tests failed with exit code 1 (node)',
      failed_count: 1,
      failed_tests: [{ kind: 'node_test', name: 'subtracts numbers', line: expect.any(Number) }],
    });
    const output = (result.output as { output: string }).output;
    expect(output).toContain('✔ adds numbers');
    expect(result.logs).toEqual([{ at: expect.any(String), channel: 'stdout', message: output }]);
    expect(artifactText(result, 'test-output.txt')).toBe(output);
  });

  it('should summarise the failing test without an error when the summary runs the tests itself', async () => {
    const result = await ws.run(new TestFailuresSummaryTool(), { max_diagnostics: 5 });
    expect(result.error).toBeUndefined();
    expect(result.output).toMatchObject({
      project_type: 'node',
      source: 'test_run',
      command: ['npm', 'test'],
      exit_code: 1,
      failed_count: 1,
      failed_tests: [{ kind: 'node_test', name: 'subtracts numbers' }],
      summary: '1 failing tests found',
    });
    expect((result.output as { diagnostics: string[] }).diagnostics.length).toBeLessThanOrEqual(5);
    const report = JSON.parse(artifactText(result, 'test-failures-summary.json') ?? '{}') as Record<
      string,
      unknown
    >;
    expect(report).toEqual(result.output);
  });

  it('should parse provided output without running anything when output is given', async () => {
    const result = await ws.run(new TestFailuresSummaryTool(), { output: 'all good\n' });
    expect(result.output).toMatchObject({
      source: 'provided_output',
      exit_code: 0,
      failed_count: 0,
      summary: 'no failing tests found',
    });
    expect(result.output).not.toHaveProperty('command');
    expect(result.logs).toEqual([]);
  });

  it('should succeed when the build script is absent because npm runs it --if-present', async () => {
    const result = await ws.run(new BuildTool());
    expect(result.error).toBeUndefined();
    expect(result.output).toMatchObject({
      command: ['npm', 'run', 'build', '--if-present'],
      exit_code: 0,
    });
    expect(artifactText(result, 'build-output.txt')).toBeDefined();
  });

  it('should refuse extra_args for node and a target starting with a dash', async () => {
    expect(await failureOf(ws.run(new TestTool(), { extra_args: ['--silent'] }))).toEqual({
      code: 'invalid_argument',
      message: 'extra_args item not allowed: --silent',
    });
    expect(await failureOf(ws.run(new TestTool(), { target: '--inspect' }))).toEqual({
      code: 'invalid_argument',
      message: 'target must not start with "-"',
    });
  });

  it('should report the tarball npm pack printed last when packaging', async () => {
    const result = await ws.run(new PackageTool());
    expect(result.error).toBeUndefined();
    expect(result.output).toMatchObject({ artifact_path: 'fixture-node-1.0.0.tgz', exit_code: 0 });
    expect(await ws.runtime.stat('fixture-node-1.0.0.tgz')).not.toBeNull();
  });
});
