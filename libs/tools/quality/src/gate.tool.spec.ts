import { Test } from '@nestjs/testing';

import type { JsonObject } from '#app/contracts';
import { appFailureOf, createToolWorkspace, type ToolWorkspace } from '#app/testing';
import { ToolRegistry, ToolRegistryModule } from '#app/tool-registry';
import { QualityGateTool } from './gate.tool.js';
import { QualityToolsModule } from './quality-tools.module.js';

describe('QualityGateTool', () => {
  let ws: ToolWorkspace;
  const tool = new QualityGateTool();
  const gate = async (args: JsonObject): Promise<JsonObject> =>
    (await ws.run(tool, args, { toolName: 'quality.gate' })).output as JsonObject;

  beforeAll(async () => {
    ws = await createToolWorkspace();
  });
  afterAll(() => ws.cleanup());

  it('should pass with only the failed-tests rule on when nothing is given', async () => {
    const result = await ws.run(tool, {}, { toolName: 'quality.gate' });
    expect(result.output).toEqual({
      status: 'pass',
      passed: true,
      failed_rules_count: 0,
      rules: [
        {
          name: 'failed_tests_count',
          operator: '<=',
          expected: 0,
          actual: 0,
          passed: true,
          message: 'failed_tests_count 0 <= 0: ok',
        },
      ],
      metrics: {
        coverage_percent: 0,
        diagnostics_count: 0,
        vulnerabilities_count: 0,
        denied_licenses_count: 0,
        failed_tests_count: 0,
      },
      thresholds: {
        min_coverage_percent: -1,
        max_diagnostics: -1,
        max_vulnerabilities: -1,
        max_denied_licenses: -1,
        max_failed_tests: 0,
      },
      exit_code: 0,
      summary: 'quality gate passed (1/1 rules)',
    });
    expect(result.logs).toBeUndefined();
    expect(result.error).toBeUndefined();
    expect(JSON.parse(result.artifacts?.[0]?.data.toString('utf8') ?? '')).toEqual(result.output);
    expect(result.artifacts?.[0]?.name).toBe('quality-gate-report.json');
  });

  it('should fail as a normal result, rules in catalog order, when thresholds are exceeded', async () => {
    const result = await ws.run(
      tool,
      {
        metrics: {
          coverage_percent: '72.5',
          diagnostics_count: 3,
          vulns_count: '2',
          denied_count: 0,
          failed_tests_count: 1,
        },
        min_coverage_percent: 80,
        max_diagnostics: 5,
        max_vulnerabilities: 0,
        max_denied_licenses: 0,
        max_failed_tests: -1,
      },
      { toolName: 'quality.gate' },
    );
    expect(result.error).toBeUndefined();
    expect(result.exit_code).toBe(1);
    const output = result.output as {
      rules: Array<{ name: string; passed: boolean; actual: number }>;
    } & JsonObject;
    expect(output).toMatchObject({
      status: 'fail',
      passed: false,
      failed_rules_count: 2,
      exit_code: 1,
      summary: 'quality gate failed (2/4 rules)',
    });
    expect(output.rules.map((rule) => [rule.name, rule.passed, rule.actual])).toEqual([
      ['coverage_percent', false, 72.5],
      ['diagnostics_count', true, 3],
      ['vulnerabilities_count', false, 2],
      ['denied_licenses_count', true, 0],
    ]);
  });

  it('should prefer the canonical metric name over its alias', async () => {
    expect(
      await gate({ metrics: { vulnerabilities_count: 0, vulns_count: 9 }, max_vulnerabilities: 0 }),
    ).toMatchObject({ passed: true });
  });

  it.each([['abc'], [''], ['1e999']])('should refuse the numeric string %j', async (value) => {
    expect(await appFailureOf(ws.run(tool, { metrics: { diagnostics_count: value } }))).toEqual({
      code: 'invalid_argument',
      message: 'metrics.diagnostics_count must be a number',
    });
  });

  it('should publish its catalog row and reject thresholds outside their ranges', async () => {
    const moduleRef = await Test.createTestingModule({
      imports: [ToolRegistryModule, QualityToolsModule],
    }).compile();
    await moduleRef.init();
    const registry = moduleRef.get(ToolRegistry);
    expect(registry.get('quality.gate')?.capability).toMatchObject({
      scope: 'repo',
      side_effects: 'none',
      risk_level: 'low',
      requires_approval: false,
      idempotency: 'guaranteed',
      constraints: { timeout_seconds: 30, max_retries: 0, output_limit_kb: 256 },
      policy: {},
    });
    expect(registry.validateArgs('quality.gate', { min_coverage_percent: 101 }).ok).toBe(false);
    expect(registry.validateArgs('quality.gate', { max_failed_tests: -2 }).ok).toBe(false);
    expect(registry.validateArgs('quality.gate', { metrics: { other: 1 } }).ok).toBe(false);
    expect(
      registry.validateArgs('quality.gate', {
        metrics: { coverage_percent: '80' },
        max_diagnostics: 100000,
      }).ok,
    ).toBe(true);
    await moduleRef.close();
  });
});
