import type { CommandRequest } from '../command-runner.port.js';
import type { ExecResult } from '../workspace-runtime.port.js';
import { KILLED_EXIT_CODE } from './local-command-runner.js';

const MAX_REASON_CHARS = 300;

// A deadline or cancellation that killed bwrap before it reported is not a sandbox failure.
export function wasStopped(result: ExecResult, request: CommandRequest): boolean {
  return (
    result.exit_code === KILLED_EXIT_CODE && (result.timed_out || request.signal?.aborted === true)
  );
}

export function firstLine(output: string): string | undefined {
  const line = output.trim().split('\n')[0]?.trim();
  return line ? line.slice(0, MAX_REASON_CHARS) : undefined;
}

/**
 * bwrap itself reports a program it cannot exec, or a working directory it cannot enter, as exit 1
 * with a message; turn those into the start failures the plain runner reports, so tools still say
 * `command not available: <program>`.
 */
export function mapSandboxStartFailure(result: ExecResult, request: CommandRequest): ExecResult {
  if (result.exit_code !== 1 || result.timed_out) {
    return result;
  }
  const output = result.output.trim();
  if (/^bwrap: execvp [^\n]*: No such file or directory$/.test(output)) {
    return {
      ...result,
      exit_code: -1,
      output: '',
      start_error: `command not found: ${request.command}`,
    };
  }
  if (/^bwrap: Can't chdir to [^\n]*$/.test(output)) {
    return {
      ...result,
      exit_code: -1,
      output: '',
      start_error: `working directory not found: ${request.cwd}`,
    };
  }
  return result;
}
