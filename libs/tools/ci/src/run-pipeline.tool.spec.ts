import { Test, type TestingModule } from '@nestjs/testing';

import type { JsonObject } from '#app/contracts';
import {
  appFailureOf,
  artifactTextOf,
  createToolWorkspace,
  NestedToolsTestingModule,
  recordProgress,
  requireProgram,
  type ToolWorkspace,
} from '#app/testing';
import { ToolRegistry, ToolRegistryModule } from '#app/tool-registry';
import { QualityToolsModule } from '#app/tools/quality';
import { RepoToolsModule } from '#app/tools/repo';
import { CiToolsModule } from './ci-tools.module.js';
import { CiRunPipelineTool } from './run-pipeline.tool.js';

// The pipeline calls its steps through the nested-call port at run time, so the spec loads the real
// step families next to it (the ci family itself imports neither).
const C_OK: Record<string, string> = {
  'main.c': '#include <stdio.h>\n\nint main(void) {\n  printf("hello\\n");\n  return 0;\n}\n',
  'tests/calc_test.c':
    '#include <stdio.h>\n\nint main(void) {\n  printf("all tests passed\\n");\n  return 0;\n}\n',
};
const C_FAILING_TEST = 'int main(void) { return 2; }\n';
const GO_MODULE: Record<string, string> = {
  'go.mod': 'module example.com/ci\n\ngo 1.19\n',
  'calc.go':
    'package calc\n\nfunc Add(a, b int) int { return a + b }\n\nfunc Sub(a, b int) int { return a - b }\n',
  'calc_test.go':
    'package calc\n\nimport "testing"\n\nfunc TestAdd(t *testing.T) {\n\tif Add(1, 2) != 3 {\n\t\tt.Fatal("x")\n\t}\n}\n',
};

type Steps = Array<{ name: string; status: string; command: string[]; exit_code: number }>;
const stepsOf = (output: unknown): Array<[string, string]> =>
  ((output as { steps: Steps }).steps ?? []).map((step) => [step.name, step.status]);

const hasCc = requireProgram('ci.run_pipeline (c)', 'cc');

(hasCc ? describe : describe.skip)('CiRunPipelineTool', () => {
  let moduleRef: TestingModule;
  let tool: CiRunPipelineTool;
  let ws: ToolWorkspace;

  beforeAll(async () => {
    moduleRef = await Test.createTestingModule({
      imports: [
        ToolRegistryModule,
        NestedToolsTestingModule,
        RepoToolsModule,
        QualityToolsModule,
        CiToolsModule,
      ],
    }).compile();
    await moduleRef.init();
    tool = moduleRef.get(CiRunPipelineTool);
  });
  afterAll(() => moduleRef.close());
  beforeEach(async () => {
    ws = await createToolWorkspace({ prefix: 'ci-' });
  });
  afterEach(() => ws.cleanup());

  it('should run every step in order, skip coverage for C and pass the gate when all is green', async () => {
    await ws.write(C_OK);
    const progress = recordProgress();
    const result = await ws.run(tool, {}, { toolName: 'ci.run_pipeline', progress });
    expect(result.error).toBeUndefined();
    expect(stepsOf(result.output)).toEqual([
      ['validate', 'succeeded'],
      ['build', 'succeeded'],
      ['test', 'succeeded'],
      ['static_analysis', 'succeeded'],
      ['coverage', 'skipped'],
      ['quality_gate', 'succeeded'],
    ]);
    const output = result.output as JsonObject & { steps: Steps };
    expect(output).toMatchObject({
      project_type: 'c',
      exit_code: 0,
      summary: 'pipeline succeeded',
      quality_metrics: { diagnostics_count: 0 },
      quality_gate: { status: 'pass', summary: 'quality gate passed (1/1 rules)' },
    });
    expect(output).not.toHaveProperty('failed_step');
    expect(output.steps[2]?.command).toEqual(['./.workspace-c-test']);
    expect(output.steps[5]?.command).toEqual(['quality.gate']);
    expect(artifactTextOf(result, 'ci-pipeline-output.txt')).toMatch(
      /^\[validate\]\n[\s\S]*\[test\]\n+all tests passed/,
    );
    expect(result.artifacts?.map((artifact) => artifact.name)).toEqual([
      'ci-pipeline-output.txt',
      'quality-gate-report.json',
    ]);
    // validate, build, compile + run of the test, static analysis: one log line per program.
    expect(result.logs).toHaveLength(5);
    // The nested steps' programs streamed into the pipeline's own progress.
    expect(progress.lines).toContainEqual({
      at: expect.stringMatching(/Z$/),
      channel: 'stdout',
      message: 'all tests passed',
    });
  }, 60_000);

  it('should stop at the failed test step when fail_fast is on', async () => {
    await ws.write({ ...C_OK, 'tests/calc_test.c': C_FAILING_TEST });
    const result = await ws.run(tool, {}, { toolName: 'ci.run_pipeline' });
    expect(result.error).toEqual({
      code: 'execution_failed',
      message: 'pipeline step failed: test',
      retryable: false,
    });
    expect(stepsOf(result.output)).toEqual([
      ['validate', 'succeeded'],
      ['build', 'succeeded'],
      ['test', 'failed'],
    ]);
    expect(result.output).toMatchObject({
      exit_code: 2,
      failed_step: 'test',
      summary: 'pipeline failed on test',
    });
    expect(result.output).not.toHaveProperty('quality_gate');
    expect(result.artifacts?.map((artifact) => artifact.name)).toEqual(['ci-pipeline-output.txt']);
  }, 60_000);

  it('should run every step and feed the failed tests to the gate when fail_fast is off', async () => {
    await ws.write({ ...C_OK, 'tests/calc_test.c': C_FAILING_TEST });
    const result = await ws.run(
      tool,
      { fail_fast: false, include_static_analysis: false },
      { toolName: 'ci.run_pipeline' },
    );
    expect(stepsOf(result.output)).toEqual([
      ['validate', 'succeeded'],
      ['build', 'succeeded'],
      ['test', 'failed'],
      ['coverage', 'skipped'],
      ['quality_gate', 'failed'],
    ]);
    expect(result.output).toMatchObject({
      failed_step: 'test',
      quality_metrics: { failed_tests_count: 1 },
      quality_gate: { status: 'fail', failed_rules_count: 1 },
    });
    expect(result.error?.message).toBe('pipeline step failed: test');
  }, 60_000);

  it('should fail on the quality gate alone with exit code 1 when only a threshold is missed', async () => {
    await ws.write(C_OK);
    const result = await ws.run(
      tool,
      { include_static_analysis: false, quality_gate: { min_coverage_percent: 50 } },
      { toolName: 'ci.run_pipeline' },
    );
    expect(result.error).toEqual({
      code: 'execution_failed',
      message: 'pipeline quality gate failed',
      retryable: false,
    });
    expect(result.output).toMatchObject({
      exit_code: 1,
      failed_step: 'quality_gate',
      summary: 'pipeline failed on quality_gate',
    });
    expect(JSON.parse(artifactTextOf(result, 'quality-gate-report.json') ?? '{}')).toMatchObject({
      status: 'fail',
    });
  }, 60_000);

  it('should refuse an unknown project and a target that looks like a flag', async () => {
    expect(await appFailureOf(ws.run(tool, {}))).toEqual({
      code: 'execution_failed',
      message: 'no supported project found',
    });
    expect(await appFailureOf(ws.run(tool, { target: '-x' }))).toEqual({
      code: 'invalid_argument',
      message: 'target must not start with "-"',
    });
  });

  (requireProgram('ci.run_pipeline (go)', 'go', ['version']) ? it : it.skip)(
    'should measure go coverage and gate on it',
    async () => {
      await ws.write(GO_MODULE);
      const result = await ws.run(
        tool,
        {
          include_static_analysis: false,
          quality_gate: { min_coverage_percent: 40, max_failed_tests: 0 },
        },
        { toolName: 'ci.run_pipeline' },
      );
      expect(result.error).toBeUndefined();
      expect(stepsOf(result.output)).toEqual([
        ['validate', 'succeeded'],
        ['build', 'succeeded'],
        ['test', 'succeeded'],
        ['coverage', 'succeeded'],
        ['quality_gate', 'succeeded'],
      ]);
      expect(result.output).toMatchObject({
        quality_metrics: { coverage_percent: 50 },
        quality_gate: { passed: true },
      });
      expect(await ws.runtime.stat('.workspace.cover.out')).toBeNull();
    },
    90_000,
  );

  it('should publish its catalog row', () => {
    expect(moduleRef.get(ToolRegistry).get('ci.run_pipeline')?.capability).toMatchObject({
      scope: 'repo',
      side_effects: 'reversible',
      risk_level: 'medium',
      requires_approval: false,
      idempotency: 'best-effort',
      constraints: { timeout_seconds: 600, max_retries: 0, output_limit_kb: 4096 },
      cost_hint: 'high',
      policy: {},
    });
    expect(
      moduleRef
        .get(ToolRegistry)
        .validateArgs('ci.run_pipeline', { quality_gate: { max_failed_tests: -2 } }).ok,
    ).toBe(false);
  });
});

describe('CiToolsModule startup', () => {
  it('should fail naming ci.run_pipeline when the repo family is not imported', async () => {
    const moduleRef = await Test.createTestingModule({
      imports: [ToolRegistryModule, NestedToolsTestingModule, QualityToolsModule, CiToolsModule],
    }).compile();

    await expect(moduleRef.init()).rejects.toThrow(
      /tool ci\.run_pipeline calls repo\.validate, repo\.build, repo\.test, repo\.static_analysis, repo\.coverage_report, not registered/,
    );
    await moduleRef.close().catch(() => undefined);
  });
});
