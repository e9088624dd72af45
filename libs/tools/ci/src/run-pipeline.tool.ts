import { Type } from '@sinclair/typebox';
import type { JsonObject, LogLine } from '#app/contracts';
import { AppException } from '#app/errors';
import {
  NestedToolInvoker,
  OpaqueArray,
  OpaqueObject,
  Tool,
  ToolOutput,
  type ToolContext,
  type ToolHandler,
  type ToolResult,
  UsesTools,
} from '#app/tool-registry';
import { checkPackageArg, detectProject, requireKnownProject } from '#app/tooling';
import { collectMetrics } from './pipeline-metrics.js';
import { pipelineResult } from './pipeline-result.js';
import { PIPELINE_STEP_TOOLS, type PlannedStep, planPipeline } from './pipeline-steps.js';
import { CiRunPipelineArgs, givenThresholds } from './run-pipeline-args.schema.js';
import {
  completedOutcome,
  refusedOutcome,
  skippedOutcome,
  type StepOutcome,
} from './step-outcome.js';

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
          ? { metrics: { ...metrics }, ...givenThresholds(ctx.args) }
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
      return skippedOutcome(step.name);
    }
    let result: ToolResult;
    try {
      result = await this.nested.invoke(ctx, step.tool, args);
    } catch (error) {
      if (!(error instanceof AppException)) {
        throw error;
      }
      // A refusal inside a step (e.g. no source file found) fails that step, not the pipeline call.
      return refusedOutcome(step.name, error);
    }
    return completedOutcome(step, result);
  }
}
