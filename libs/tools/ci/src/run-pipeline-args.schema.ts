import { Type } from '@sinclair/typebox';
import type { JsonObject } from '#app/contracts';
import { Defaulted, ToolArgs, type ArgsOf } from '#app/tool-registry';

const THRESHOLDS = [
  'min_coverage_percent',
  'max_diagnostics',
  'max_vulnerabilities',
  'max_denied_licenses',
  'max_failed_tests',
] as const;

/**
 * The five thresholds of `quality.gate`, same ranges. No defaults here: only the thresholds given
 * are handed to the gate, whose own defaults apply to the others.
 */
const QualityGateThresholds = Type.Object(
  {
    min_coverage_percent: Type.Optional(
      Type.Number({ minimum: 0, maximum: 100, description: 'Minimum coverage' }),
    ),
    max_diagnostics: Type.Optional(
      Type.Integer({ minimum: -1, maximum: 100000, description: 'Negative = rule off' }),
    ),
    max_vulnerabilities: Type.Optional(
      Type.Integer({ minimum: -1, maximum: 100000, description: 'Negative = rule off' }),
    ),
    max_denied_licenses: Type.Optional(
      Type.Integer({ minimum: -1, maximum: 100000, description: 'Negative = rule off' }),
    ),
    max_failed_tests: Type.Optional(
      Type.Integer({ minimum: -1, maximum: 100000, description: 'Negative = rule off' }),
    ),
  },
  {
    additionalProperties: false,
    description: 'Thresholds of the quality gate step; `quality.gate` defaults when absent',
  },
);

export const CiRunPipelineArgs = ToolArgs({
  target: Type.Optional(
    Type.String({ description: 'Target handed to each step; default per project type' }),
  ),
  include_static_analysis: Defaulted(
    Type.Boolean({ description: 'Run the static_analysis step', default: true }),
  ),
  include_coverage: Defaulted(
    Type.Boolean({
      description: 'Run the coverage step (go only; skipped otherwise)',
      default: true,
    }),
  ),
  include_quality_gate: Defaulted(
    Type.Boolean({ description: 'Evaluate the quality gate at the end', default: true }),
  ),
  fail_fast: Defaulted(
    Type.Boolean({ description: 'Stop at the first failed step', default: true }),
  ),
  quality_gate: Type.Optional(QualityGateThresholds),
});

/** The thresholds the caller gave, in catalog order; `quality.gate` defaults the others. */
export function givenThresholds(args: ArgsOf<typeof CiRunPipelineArgs>): JsonObject {
  const given: JsonObject = {};
  for (const key of THRESHOLDS) {
    const value = args.quality_gate?.[key];
    if (value !== undefined) {
      given[key] = value;
    }
  }
  return given;
}
