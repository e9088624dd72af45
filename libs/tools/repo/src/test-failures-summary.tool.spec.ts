import { RepoTestFailuresSummaryTool } from './test-failures-summary.tool.js';
import { C_PROJECT } from './testing/repo-fixtures.js';
import {
  appFailureOf,
  artifactTextOf,
  createToolWorkspace,
  requireProgram,
  type ToolWorkspace,
} from '#app/testing';

const hasCc = requireProgram('RepoTestFailuresSummaryTool on a C program', 'cc');

describe('RepoTestFailuresSummaryTool', () => {
  let ws: ToolWorkspace;

  beforeEach(async () => {
    ws = await createToolWorkspace({ prefix: 'repo-tools-' });
  });
  afterEach(() => ws.cleanup());

  it('should list at most max_failures failures from provided output and write the JSON report', async () => {
    const text = [
      '--- FAIL: TestA (0.00s)',
      '--- FAIL: TestB (0.00s)',
      'FAILED tests/test_x.py::test_c - assert 1 == 2',
      '',
    ].join('\n');
    const result = await ws.run(new RepoTestFailuresSummaryTool(), {
      output: text,
      max_failures: 2,
    });
    expect(result.error).toBeUndefined();
    expect(result.exit_code).toBeUndefined();
    expect(result.output).toMatchObject({
      source: 'provided_output',
      exit_code: 0,
      failed_count: 3,
      failed_tests: [
        { kind: 'go_test', name: 'TestA', line: 1 },
        { kind: 'go_test', name: 'TestB', line: 2 },
      ],
      summary: '3 failing tests found',
      output: text,
    });
    expect(JSON.parse(artifactTextOf(result, 'test-failures-summary.json') ?? '{}')).toEqual(
      result.output,
    );
  });

  it('should cut output_excerpt at 4096 characters but keep the whole output when the text is long', async () => {
    const text = 'x'.repeat(5000);
    const result = await ws.run(new RepoTestFailuresSummaryTool(), { output: text });
    const output = result.output as { output_excerpt: string; output: string };
    expect(output.output_excerpt).toBe(text.slice(0, 4096));
    expect(output.output).toBe(text);
  });

  (hasCc ? it : it.skip)(
    'should run the C tests itself and report the run when no output is given',
    async () => {
      await ws.write(C_PROJECT);
      const result = await ws.run(new RepoTestFailuresSummaryTool());
      expect(result.error).toBeUndefined();
      expect(result.exit_code).toBe(0);
      expect(result.output).toMatchObject({
        project_type: 'c',
        source: 'test_run',
        command: ['./.workspace-c-test'],
        exit_code: 0,
        failed_count: 0,
        summary: 'no failing tests found',
      });
      expect(result.logs).toHaveLength(2);
    },
  );

  it('should refuse with execution_failed when no output is given and no supported project is found', async () => {
    await ws.write({ 'README.md': 'no tests here' });
    expect(await appFailureOf(ws.run(new RepoTestFailuresSummaryTool()))).toEqual({
      code: 'execution_failed',
      message: 'no supported project found',
    });
  });
});
