import { Type } from '@sinclair/typebox';
import type { JsonObject, JsonValue, LogLine } from '#app/contracts';
import { AppException } from '#app/errors';
import {
  Defaulted,
  NestedToolInvoker,
  OpaqueArray,
  OpaqueObject,
  Tool,
  ToolArgs,
  ToolOutput,
  type ArgsOf,
  type ToolArtifact,
  type ToolContext,
  type ToolErrorResult,
  type ToolHandler,
  type ToolResult,
  UsesTools,
} from '#app/tool-registry';
import {
  checkPackageArg,
  detectProject,
  extractDiagnostics,
  requireKnownProject,
  textArtifact,
} from '#app/tooling';
import {
  PIPELINE_STEP_TOOLS,
  type PlannedStep,
  type StepName,
  type StepRecord,
  planPipeline,
} from './pipeline-steps.js';

const MAX_STATIC_DIAGNOSTICS = 200;
const DIAGNOSTIC_LINE = /error|warning|fail|undefined/i;
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

const CiRunPipelineArgs = ToolArgs({
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

interface StepOutcome {
  record: StepRecord;
  output: string;
  error?: ToolErrorResult;
  result?: ToolResult;
}

@UsesTools(...PIPELINE_STEP_TOOLS)
@Tool({
  name: 'ci.run_pipeline',
  description: 'Run validate, build, test, static analysis, coverage and a quality gate in order.',
  inputSchema: CiRunPipelineArgs,
  outputSchema: ToolOutput({
    project_type: Type.String(),
    steps: OpaqueArray(),
    quality_metrics: OpaqueObject(),
    quality_gate: OpaqueObject(),
    exit_code: Type.Integer(),
    failed_step: Type.String(),
    summary: Type.String(),
    output: Type.String(),
  }),
  scope: 'repo',
  sideEffects: 'reversible',
  riskLevel: 'medium',
  requiresApproval: false,
  idempotency: 'best-effort',
  timeoutSeconds: 600,
  maxRetries: 0,
  outputLimitKb: 4096,
  examples: [
    {},
    {
      fail_fast: false,
      include_coverage: false,
      quality_gate: { max_failed_tests: 0, max_diagnostics: 10 },
    },
  ],
})
export class CiRunPipelineTool implements ToolHandler<typeof CiRunPipelineArgs> {
  constructor(private readonly nested: NestedToolInvoker) {}

  async execute(ctx: ToolContext<typeof CiRunPipelineArgs>): Promise<ToolResult> {
    const target = checkPackageArg('target', ctx.args.target);
    const failFast = ctx.args.fail_fast;
    const project = await detectProject(ctx.workspace, ctx.signal);
    requireKnownProject(project);
    const plan = planPipeline(project.project_type, {
      includeStaticAnalysis: ctx.args.include_static_analysis,
      includeCoverage: ctx.args.include_coverage,
      includeQualityGate: ctx.args.include_quality_gate,
    });

    const metrics: JsonObject = {};
    const outcomes: StepOutcome[] = [];
    const logs: LogLine[] = [];
    let gate: ToolResult | undefined;
    for (const step of plan) {
      const args: JsonObject =
        step.name === 'quality_gate'
          ? { metrics: { ...metrics }, ...this.thresholds(ctx.args) }
          : target === undefined
            ? {}
            : { target };
      const outcome = await this.runStep(ctx, step, args);
      outcomes.push(outcome);
      logs.push(...(outcome.result?.logs ?? []));
      collectMetrics(step.name, outcome, metrics);
      if (step.name === 'quality_gate') {
        gate = outcome.result;
      }
      if (outcome.error?.code === 'timeout' || (failFast && outcome.record.status === 'failed')) {
        break;
      }
    }
    return pipelineResult(project.project_type, outcomes, metrics, gate, logs);
  }

  /** The thresholds the caller gave, in catalog order; `quality.gate` defaults the others. */
  private thresholds(args: ArgsOf<typeof CiRunPipelineArgs>): JsonObject {
    const given: JsonObject = {};
    for (const key of THRESHOLDS) {
      const value = args.quality_gate?.[key];
      if (value !== undefined) {
        given[key] = value;
      }
    }
    return given;
  }

  /**
   * Invokes the step's catalog tool as a nested call: same session, workspace and cancellation
   * signal, its own args validation, policy and deadline.
   */
  private async runStep(
    ctx: ToolContext,
    step: PlannedStep,
    args: JsonObject,
  ): Promise<StepOutcome> {
    if (step.tool === undefined) {
      return {
        record: { name: step.name, status: 'skipped', command: [], exit_code: 0 },
        output: 'skipped',
      };
    }
    let result: ToolResult;
    try {
      result = await this.nested.invoke(ctx, step.tool, args);
    } catch (error) {
      if (!(error instanceof AppException)) {
        throw error;
      }
      // A refusal inside a step (e.g. no source file found) fails that step, not the pipeline call.
      const failure = { code: error.code, message: error.message, retryable: error.retryable };
      return {
        record: { name: step.name, status: 'failed', command: [], exit_code: -1 },
        output: error.message,
        error: failure,
      };
    }
    const output = asObject(result.output);
    const gateFailed = step.name === 'quality_gate' && output['passed'] === false;
    const command =
      step.name === 'quality_gate' ? ['quality.gate'] : stringArray(output['command']);
    const exitCode =
      typeof result.exit_code === 'number'
        ? result.exit_code
        : typeof output['exit_code'] === 'number'
          ? output['exit_code']
          : 0;
    return {
      record: {
        name: step.name,
        status: result.error !== undefined || gateFailed ? 'failed' : 'succeeded',
        command,
        exit_code: exitCode,
      },
      output:
        typeof output['output'] === 'string'
          ? output['output']
          : typeof output['summary'] === 'string'
            ? output['summary']
            : '',
      ...(result.error === undefined ? {} : { error: result.error }),
      result,
    };
  }
}

/** CATALOG.md 8: what each step feeds to the gate. */
function collectMetrics(step: StepName, outcome: StepOutcome, metrics: JsonObject): void {
  const output = asObject(outcome.result?.output);
  if (step === 'test' && outcome.record.status === 'failed') {
    const summarised = typeof output['failed_count'] === 'number' ? output['failed_count'] : 0;
    metrics['failed_tests_count'] = Math.max(1, summarised);
  } else if (step === 'static_analysis' && outcome.record.status !== 'skipped') {
    const diagnostics = extractDiagnostics(outcome.output, MAX_STATIC_DIAGNOSTICS);
    // A clean run prints no diagnostic lines; its other lines (banners) are not findings.
    const findings =
      outcome.record.status === 'failed'
        ? diagnostics
        : diagnostics.filter((line) => DIAGNOSTIC_LINE.test(line));
    metrics['diagnostics_count'] = findings.length;
  } else if (step === 'coverage' && typeof output['coverage_percent'] === 'number') {
    metrics['coverage_percent'] = output['coverage_percent'];
  }
}

function pipelineResult(
  projectType: string,
  outcomes: StepOutcome[],
  metrics: JsonObject,
  gate: ToolResult | undefined,
  logs: LogLine[],
): ToolResult {
  const combined = outcomes
    .map((outcome) => `[${outcome.record.name}]\n${outcome.output}`)
    .join('\n');
  const failed = outcomes.find((outcome) => outcome.record.status === 'failed');
  const timedOut = outcomes.find((outcome) => outcome.error?.code === 'timeout');
  const culprit = timedOut ?? failed;
  const output: JsonObject = {
    project_type: projectType,
    steps: outcomes.map((outcome) => outcome.record),
    quality_metrics: { ...metrics },
    ...(gate?.output === undefined ? {} : { quality_gate: gate.output }),
    exit_code:
      culprit === undefined ? 0 : culprit.record.exit_code === 0 ? 1 : culprit.record.exit_code,
    ...(culprit === undefined ? {} : { failed_step: culprit.record.name }),
    summary:
      culprit === undefined ? 'pipeline succeeded' : `pipeline failed on ${culprit.record.name}`,
    output: combined,
  };
  const artifacts: ToolArtifact[] = [
    textArtifact('ci-pipeline-output.txt', combined),
    ...(gate?.artifacts ?? []).filter((artifact) => artifact.name === 'quality-gate-report.json'),
  ];
  return {
    output,
    logs,
    artifacts,
    exit_code: output['exit_code'] as number,
    ...(culprit === undefined ? {} : { error: pipelineError(culprit) }),
  };
}

function pipelineError(culprit: StepOutcome): ToolErrorResult {
  if (culprit.error?.code === 'timeout') {
    return {
      code: 'timeout',
      message: `pipeline step timed out: ${culprit.record.name}`,
      retryable: true,
    };
  }
  if (culprit.record.name === 'quality_gate') {
    return { code: 'execution_failed', message: 'pipeline quality gate failed', retryable: false };
  }
  return {
    code: 'execution_failed',
    message: `pipeline step failed: ${culprit.record.name}`,
    retryable: false,
  };
}

function asObject(value: JsonValue | undefined): JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? value : {};
}

function stringArray(value: JsonValue | undefined): string[] {
  return Array.isArray(value)
    ? value.filter((item): item is string => typeof item === 'string')
    : [];
}
