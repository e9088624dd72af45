import type { JsonSchema } from '#app/contracts';
import { Tool, type ToolContext, type ToolHandler, type ToolResult } from '#app/tool-registry';
import { inputSchema, jsonArtifact, outputSchema } from '#app/tooling';
import { evaluateGate, normaliseMetrics, readThresholds } from './gate-evaluation.js';

const NUMERIC: JsonSchema = {
  oneOf: [{ type: 'number' }, { type: 'string' }],
  description: 'Number or numeric string',
};

/** The five thresholds, shared with `ci.run_pipeline`'s `quality_gate` object (same ranges). */
export const GATE_THRESHOLD_SCHEMAS: Record<string, JsonSchema> = {
  min_coverage_percent: {
    type: 'number',
    minimum: 0,
    maximum: 100,
    description: 'Minimum coverage; absent = rule off',
  },
  max_diagnostics: {
    type: 'integer',
    minimum: -1,
    maximum: 100000,
    default: -1,
    description: 'Negative = rule off',
  },
  max_vulnerabilities: {
    type: 'integer',
    minimum: -1,
    maximum: 100000,
    default: -1,
    description: 'Negative = rule off',
  },
  max_denied_licenses: {
    type: 'integer',
    minimum: -1,
    maximum: 100000,
    default: -1,
    description: 'Negative = rule off',
  },
  max_failed_tests: {
    type: 'integer',
    minimum: -1,
    maximum: 100000,
    default: 0,
    description: 'Negative = rule off',
  },
};

export const QUALITY_GATE_REPORT = 'quality-gate-report.json';

@Tool({
  name: 'quality.gate',
  description: 'Evaluate quality metrics against thresholds; a failed gate is a normal result.',
  inputSchema: inputSchema({
    metrics: {
      type: 'object',
      properties: {
        coverage_percent: NUMERIC,
        diagnostics_count: NUMERIC,
        vulnerabilities_count: NUMERIC,
        vulns_count: NUMERIC,
        denied_licenses_count: NUMERIC,
        denied_count: NUMERIC,
        failed_tests_count: NUMERIC,
      },
      additionalProperties: false,
      description: 'Measured values; absent members count as 0',
    },
    ...GATE_THRESHOLD_SCHEMAS,
  }),
  outputSchema: outputSchema({
    status: 'string',
    passed: 'boolean',
    failed_rules_count: 'integer',
    rules: 'array',
    metrics: 'object',
    thresholds: 'object',
    exit_code: 'integer',
    summary: 'string',
  }),
  scope: 'repo',
  sideEffects: 'none',
  riskLevel: 'low',
  requiresApproval: false,
  idempotency: 'guaranteed',
  timeoutSeconds: 30,
  maxRetries: 0,
  outputLimitKb: 256,
  examples: [
    { metrics: { coverage_percent: 82.5, failed_tests_count: 0 }, min_coverage_percent: 80 },
    { metrics: { vulns_count: '2' }, max_vulnerabilities: 0 },
  ],
})
export class QualityGateTool implements ToolHandler {
  /** Pure computation: no program, no log line (CATALOG.md 3.4). */
  async execute(ctx: ToolContext): Promise<ToolResult> {
    const raw = ctx.args['metrics'];
    const metrics = normaliseMetrics(
      typeof raw === 'object' && raw !== null && !Array.isArray(raw) ? raw : undefined,
    );
    const output = evaluateGate(metrics, readThresholds(ctx.args));
    return {
      output,
      exit_code: output['exit_code'] as number,
      artifacts: [jsonArtifact(QUALITY_GATE_REPORT, output)],
    };
  }
}
