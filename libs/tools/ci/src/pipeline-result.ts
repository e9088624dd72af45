import type { JsonObject, LogLine } from '#app/contracts';
import type { ToolArtifact, ToolErrorResult, ToolResult } from '#app/tool-registry';
import { textArtifact } from '#app/tooling';
import type { StepOutcome } from './step-outcome.js';

/** The `ci.run_pipeline` result: every step's record and text, the gate's verdict, the culprit. */
export function pipelineResult(
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
