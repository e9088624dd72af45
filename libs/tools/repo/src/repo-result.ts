import type { JsonObject } from '#app/contracts';
import type { ToolArtifact, ToolResult } from '#app/tool-registry';
import { textArtifact } from '#app/tooling';
import type { RepoCommandRun } from './repo-command.js';

/** `<label> succeeded (<type>)` or `<label> failed with exit code N (<type>)`. */
export function commandSummary(label: string, run: RepoCommandRun): string {
  if (run.failure?.code === 'timeout') {
    return `${label} timed out (${run.project.project_type})`;
  }
  return run.exit_code === 0
    ? `${label} succeeded (${run.project.project_type})`
    : `${label} failed with exit code ${run.exit_code} (${run.project.project_type})`;
}

/** `project_type`, `command`, `exit_code`, `output`, `summary` of CATALOG.md 3.5. */
export function commandOutput(label: string, run: RepoCommandRun): JsonObject {
  return {
    project_type: run.project.project_type,
    command: run.command,
    exit_code: run.exit_code,
    output: run.output,
    summary: commandSummary(label, run),
  };
}

/**
 * The tool result of a matrix command: the output, the logs, the report artifact and, when the
 * command failed, the error next to the kept result (CATALOG.md 3.1).
 */
export function commandResult(
  output: JsonObject,
  run: RepoCommandRun,
  artifacts: ToolArtifact[],
): ToolResult {
  return {
    output,
    logs: run.logs,
    artifacts,
    exit_code: run.exit_code,
    ...(run.failure === undefined ? {} : { error: run.failure }),
  };
}

/** The text report artifact holding the command output. */
export function outputArtifact(name: string, run: RepoCommandRun): ToolArtifact {
  return textArtifact(name, run.output);
}
