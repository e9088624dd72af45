import type { JsonObject, LogLine } from '#app/contracts';
import type { ToolContext, ToolErrorResult } from '#app/tool-registry';
import { runRepoCommand } from './repo-command.js';

/** Where a summary's text came from (CATALOG.md 6 `repo.test_failures_summary`). */
export interface TestOutputSource {
  source: 'provided_output' | 'test_run';
  text: string;
  /** Test runs only. */
  run?: { project_type: string; command: string[]; exit_code: number };
  logs: LogLine[];
  /** A timeout or a missing toolchain; failing tests are the summary, not an error. */
  error?: ToolErrorResult;
}

/** The args of the summary tools that say where the text comes from. */
export interface TestOutputArgs {
  output?: string;
  target?: string;
  extra_args: string[];
}

/** The caller's `output` when given, else the project's test command (with `extra_args`). */
export async function obtainTestOutput(
  ctx: ToolContext,
  args: TestOutputArgs,
  timeoutMs: number,
): Promise<TestOutputSource> {
  if (args.output !== undefined) {
    return { source: 'provided_output', text: args.output, logs: [] };
  }
  const run = await runRepoCommand(ctx, 'test', {
    target: args.target,
    extraArgs: args.extra_args,
    purpose: 'test',
    timeoutMs,
  });
  const fatal =
    run.failure !== undefined && (run.failure.code !== 'execution_failed' || run.exit_code === -1);
  return {
    source: 'test_run',
    text: run.output,
    run: { project_type: run.project.project_type, command: run.command, exit_code: run.exit_code },
    logs: run.logs,
    ...(fatal && run.failure !== undefined ? { error: run.failure } : {}),
  };
}

/** `project_type`, `command` and `exit_code` of a test run; nothing for provided output. */
export function runMembers(source: TestOutputSource): JsonObject {
  return source.run === undefined ? {} : { ...source.run };
}
