import { Type } from '@sinclair/typebox';
import {
  Defaulted,
  OpaqueArray,
  OpaqueObject,
  Tool,
  ToolArgs,
  ToolOutput,
  type ToolContext,
  type ToolHandler,
  type ToolResult,
} from '#app/tool-registry';
import { jsonArtifact } from '#app/tooling';
import { DEFAULT_THRESHOLDS, evaluateGate, normaliseMetrics } from './gate-evaluation.js';

// `{"oneOf":[...],"description":...}`: no TypeBox builder publishes `oneOf` first.
const NumericMetric = Type.Unsafe<number | string>({
  oneOf: [Type.Number(), Type.String()],
  description: 'Number or numeric string',
});

/** The measured values and the five thresholds (`max_failed_tests` 0 by default, the others off). */
const QualityGateArgs = ToolArgs({
  metrics: Type.Optional(
    Type.Object(
      {
        coverage_percent: Type.Optional(NumericMetric),
        diagnostics_count: Type.Optional(NumericMetric),
        vulnerabilities_count: Type.Optional(NumericMetric),
        vulns_count: Type.Optional(NumericMetric),
        denied_licenses_count: Type.Optional(NumericMetric),
        denied_count: Type.Optional(NumericMetric),
        failed_tests_count: Type.Optional(NumericMetric),
      },
      { additionalProperties: false, description: 'Measured values; absent members count as 0' },
    ),
  ),
  min_coverage_percent: Type.Optional(
    Type.Number({ minimum: 0, maximum: 100, description: 'Minimum coverage; absent = rule off' }),
  ),
  max_diagnostics: Defaulted(
    Type.Integer({ minimum: -1, maximum: 100000, default: -1, description: 'Negative = rule off' }),
  ),
  max_vulnerabilities: Defaulted(
    Type.Integer({ minimum: -1, maximum: 100000, default: -1, description: 'Negative = rule off' }),
  ),
  max_denied_licenses: Defaulted(
    Type.Integer({ minimum: -1, maximum: 100000, default: -1, description: 'Negative = rule off' }),
  ),
  max_failed_tests: Defaulted(
    Type.Integer({ minimum: -1, maximum: 100000, default: 0, description: 'Negative = rule off' }),
  ),
});

export const QUALITY_GATE_REPORT = 'quality-gate-report.json';

@Tool({
  name: 'quality.gate',
  description: 'Evaluate quality metrics against thresholds; a failed gate is a normal result.',
  inputSchema: QualityGateArgs,
  outputSchema: ToolOutput({
    status: Type.String(),
    passed: Type.Boolean(),
    failed_rules_count: Type.Integer(),
    rules: OpaqueArray(),
    metrics: OpaqueObject(),
    thresholds: OpaqueObject(),
    exit_code: Type.Integer(),
    summary: Type.String(),
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
export class QualityGateTool implements ToolHandler<typeof QualityGateArgs> {
  /** Pure computation: no program, no log line (CATALOG.md 3.4). */
  async execute({ args }: ToolContext<typeof QualityGateArgs>): Promise<ToolResult> {
    const metrics = normaliseMetrics(args.metrics);
    const output = evaluateGate(metrics, {
      // The only threshold without a schema default: absent, its rule is off.
      min_coverage_percent: args.min_coverage_percent ?? DEFAULT_THRESHOLDS.min_coverage_percent,
      max_diagnostics: args.max_diagnostics,
      max_vulnerabilities: args.max_vulnerabilities,
      max_denied_licenses: args.max_denied_licenses,
      max_failed_tests: args.max_failed_tests,
    });
    return {
      output,
      exit_code: output['exit_code'] as number,
      artifacts: [jsonArtifact(QUALITY_GATE_REPORT, output)],
    };
  }
}
