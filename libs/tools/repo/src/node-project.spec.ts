import { RepoBuildTool } from './build.tool.js';
import { RepoPackageTool } from './package.tool.js';
import { RepoRunTestsTool } from './run-tests.tool.js';
import { RepoTestFailuresSummaryTool } from './test-failures-summary.tool.js';
import { RepoTestTool } from './test.tool.js';
import { NODE_PROJECT } from './testing/repo-fixtures.js';
import {
  appFailureOf,
  artifactTextOf,
  createToolWorkspace,
  type ToolWorkspace,
} from '#app/testing';

describe('repo tools on a node project', () => {
  let ws: ToolWorkspace;

  beforeAll(async () => {
    ws = await createToolWorkspace({ prefix: 'repo-tools-' });
    await ws.write(NODE_PROJECT);
  });
  afterAll(() => ws.cleanup());

  it('should fail with execution_failed and keep output, failures, logs and artifact when a test fails', async () => {
    const result = await ws.run(new RepoRunTestsTool());
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
    expect(artifactTextOf(result, 'test-output.txt')).toBe(output);
  });

  it('should summarise the failing test without an error when the summary runs the tests itself', async () => {
    const result = await ws.run(new RepoTestFailuresSummaryTool(), { max_diagnostics: 5 });
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
    const report = JSON.parse(
      artifactTextOf(result, 'test-failures-summary.json') ?? '{}',
    ) as Record<string, unknown>;
    expect(report).toEqual(result.output);
  });

  it('should parse provided output without running anything when output is given', async () => {
    const result = await ws.run(new RepoTestFailuresSummaryTool(), { output: 'all good\n' });
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
    const result = await ws.run(new RepoBuildTool());
    expect(result.error).toBeUndefined();
    expect(result.output).toMatchObject({
      command: ['npm', 'run', 'build', '--if-present'],
      exit_code: 0,
    });
    expect(artifactTextOf(result, 'build-output.txt')).toBeDefined();
  });

  it('should refuse extra_args for node and a target starting with a dash', async () => {
    expect(await appFailureOf(ws.run(new RepoTestTool(), { extra_args: ['--silent'] }))).toEqual({
      code: 'invalid_argument',
      message: 'extra_args item not allowed: --silent',
    });
    expect(await appFailureOf(ws.run(new RepoTestTool(), { target: '--inspect' }))).toEqual({
      code: 'invalid_argument',
      message: 'target must not start with "-"',
    });
  });

  it('should report the tarball npm pack printed last when packaging', async () => {
    const result = await ws.run(new RepoPackageTool());
    expect(result.error).toBeUndefined();
    expect(result.output).toMatchObject({ artifact_path: 'fixture-node-1.0.0.tgz', exit_code: 0 });
    expect(await ws.runtime.stat('fixture-node-1.0.0.tgz')).not.toBeNull();
  });
});
