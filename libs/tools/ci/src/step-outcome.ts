import type { AppException } from '#app/errors';
import type { ToolErrorResult, ToolResult } from '#app/tool-registry';
import type { PlannedStep, StepName, StepRecord } from './pipeline-steps.js';
import { asObject, stringArray } from './step-output.js';

/** What one step left behind: its `steps` record, its text and, when it ran, its result. */
export interface StepOutcome {
  record: StepRecord;
  output: string;
  error?: ToolErrorResult;
  result?: ToolResult;
}

export function skippedOutcome(name: StepName): StepOutcome {
  return {
    record: { name, status: 'skipped', command: [], exit_code: 0 },
    output: 'skipped',
  };
}

export function refusedOutcome(name: StepName, error: AppException): StepOutcome {
  const failure = { code: error.code, message: error.message, retryable: error.retryable };
  return {
    record: { name, status: 'failed', command: [], exit_code: -1 },
    output: error.message,
    error: failure,
  };
}

export function completedOutcome(step: PlannedStep, result: ToolResult): StepOutcome {
  const output = asObject(result.output);
  const gateFailed = step.name === 'quality_gate' && output['passed'] === false;
  const command = step.name === 'quality_gate' ? ['quality.gate'] : stringArray(output['command']);
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
