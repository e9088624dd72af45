import type { LogLine } from '#app/contracts';
import { toTimestamp } from '#app/contracts';
import { AppException } from '#app/errors';
import type { ToolContext, ToolErrorResult } from '#app/tool-registry';
import { LiveLogLines } from './live-log-lines.js';

/** CATALOG.md 3.4: default cap on the combined output kept per program run. */
export const DEFAULT_PROGRAM_OUTPUT_CAP = 262_144;
/** CATALOG.md 6.1 / 7: the cap of build, test and analysis commands. */
export const COMMAND_OUTPUT_CAP = 2 * 1024 * 1024;
/** Characters of trimmed output quoted in `command failed: …` (CATALOG.md 3.4). */
export const FAILURE_TAIL_CHARS = 2000;

/** One finished program run (never thrown: map it with {@link programFailure}). */
export interface ProgramRun {
  /** argv as run: `[program, ...args]`. */
  command: string[];
  /** The program's status; 124 when a deadline or cancellation killed it; -1 when it could not start. */
  exit_code: number;
  /** Combined stdout+stderr in arrival order, capped, ending `\n[output truncated]` when cut. */
  output: string;
  truncated: boolean;
  /** The per-command deadline or the invocation's cancellation ended the program. */
  timed_out: boolean;
  /** Why the program could not start (missing executable, missing working directory). */
  start_error?: string;
}

export interface RunProgramOptions {
  /** Workspace-relative working directory, already resolved; default the workspace root. */
  cwd?: string;
  /** Default: the runner's `timeoutMs`. */
  timeoutMs?: number;
  /** Default: the runner's `outputCapBytes`. */
  outputCapBytes?: number;
  env?: Record<string, string>;
  stdin?: string;
  /**
   * `false` for detection probes, file checks and clean-up commands, which add no log line and
   * report no live output (CATALOG.md 3.4). Default `true`.
   */
  log?: boolean;
  /** The program needs the network (installs, fetches); default false (docs/SANDBOX.md). */
  network?: boolean;
}

export interface ProgramRunnerDefaults {
  /** Per-command deadline; normally the tool's own timeout (the invocation deadline also cancels). */
  timeoutMs: number;
  /** Default {@link DEFAULT_PROGRAM_OUTPUT_CAP}. */
  outputCapBytes?: number;
}

/**
 * Runs a tool's programs through `ctx.workspace.exec` (never a shell built from caller text) and
 * collects one `stdout` LogLine per logged run (CATALOG.md 3.4). While a logged run goes on, its
 * output also reaches `ctx.progress` line by line, on the channel the program wrote it to (the
 * live `log` events); the collected `logs` are the same either way. One instance per invocation.
 *
 * @example
 * const programs = new ProgramRunner(ctx, { timeoutMs: 180_000, outputCapBytes: COMMAND_OUTPUT_CAP });
 * const run = await programs.run('go', ['vet', './...']);
 * const error = programFailure(run);            // undefined on exit 0
 * return { output: {...}, logs: programs.logs, exit_code: run.exit_code, ...(error ? { error } : {}) };
 */
export class ProgramRunner {
  /** LogLines of the logged runs so far, in run order. */
  readonly logs: LogLine[] = [];

  constructor(
    private readonly ctx: Pick<ToolContext, 'workspace' | 'signal' | 'progress'>,
    private readonly defaults: ProgramRunnerDefaults,
  ) {}

  async run(
    program: string,
    args: readonly string[],
    options: RunProgramOptions = {},
  ): Promise<ProgramRun> {
    const outputCapBytes =
      options.outputCapBytes ?? this.defaults.outputCapBytes ?? DEFAULT_PROGRAM_OUTPUT_CAP;
    const { progress } = this.ctx;
    const live =
      options.log === false || progress === undefined
        ? undefined
        : new LiveLogLines(progress, outputCapBytes);
    const result = await this.ctx.workspace.exec(program, args, {
      cwd: options.cwd,
      timeoutMs: options.timeoutMs ?? this.defaults.timeoutMs,
      outputCapBytes,
      signal: this.ctx.signal,
      env: options.env,
      stdin: options.stdin,
      ...(options.network === true ? { network: true } : {}),
      ...(live === undefined ? {} : { onOutput: live.push }),
    });
    live?.finish(result.truncated);
    const run: ProgramRun = {
      command: [program, ...args],
      exit_code: result.exit_code,
      output: result.output,
      truncated: result.truncated,
      // A cancellation (invocation deadline) also reports 124; treat it as the timeout it is.
      timed_out: result.timed_out || (this.ctx.signal.aborted && result.exit_code === 124),
      ...(result.start_error === undefined ? {} : { start_error: result.start_error }),
    };
    // A program that never started produced no output to log.
    if (options.log !== false && run.start_error === undefined) {
      this.logs.push({ at: toTimestamp(Date.now()), channel: 'stdout', message: run.output });
    }
    return run;
  }

  /** Runs and throws the mapped error of {@link programFailure} unless the program exited 0. */
  async runOrThrow(
    program: string,
    args: readonly string[],
    options: RunProgramOptions = {},
  ): Promise<ProgramRun> {
    const run = await this.run(program, args, options);
    throwIfFailed(programFailure(run));
    return run;
  }

  /** True when `program` starts (`<program> --version` by default); a probe, so no log line. */
  async isAvailable(
    program: string,
    probeArgs: readonly string[] = ['--version'],
  ): Promise<boolean> {
    const run = await this.run(program, probeArgs, {
      log: false,
      timeoutMs: 10_000,
      outputCapBytes: 4096,
    });
    return run.start_error === undefined && !run.timed_out;
  }
}

/**
 * Maps a run to the tool error of CATALOG.md 3.4, or `undefined` when it is no failure:
 * - could not start because the executable is missing → `execution_failed` `command not available: <program>`
 * - killed by a deadline or cancellation → `timeout` (retryable)
 * - non-zero exit, when `nonZeroIsFailure` (default true) → `execution_failed`
 *   `command failed: <last 2,000 characters of the trimmed output>`
 */
export function programFailure(
  run: ProgramRun,
  options: { nonZeroIsFailure?: boolean } = {},
): ToolErrorResult | undefined {
  const error = startFailure(run) ?? timeoutFailure(run);
  if (error !== undefined) {
    return error;
  }
  if (run.exit_code !== 0 && options.nonZeroIsFailure !== false) {
    return { code: 'execution_failed', message: commandFailedMessage(run), retryable: false };
  }
  return undefined;
}

/** Only the "could not start" and "timed out" cases of {@link programFailure}. */
export function startOrTimeoutFailure(run: ProgramRun): ToolErrorResult | undefined {
  return startFailure(run) ?? timeoutFailure(run);
}

/** `command failed: <last 2,000 characters of trimmed output>` (or the exit code when silent). */
export function commandFailedMessage(run: ProgramRun): string {
  const trimmed = run.output.trim();
  return trimmed === ''
    ? `command failed: exit code ${run.exit_code}`
    : `command failed: ${trimmed.slice(-FAILURE_TAIL_CHARS)}`;
}

/** Throws the error as an `AppException` (for handlers that have no partial result to keep). */
export function throwIfFailed(error: ToolErrorResult | undefined): void {
  if (error !== undefined) {
    throw new AppException(error.code, error.message, { retryable: error.retryable });
  }
}

function startFailure(run: ProgramRun): ToolErrorResult | undefined {
  if (run.start_error === undefined) {
    return undefined;
  }
  const program = run.command[0] ?? '';
  const message =
    /not found/i.test(run.start_error) && !/working directory/i.test(run.start_error)
      ? `command not available: ${program}`
      : `command failed: ${run.start_error}`;
  return { code: 'execution_failed', message, retryable: false };
}

function timeoutFailure(run: ProgramRun): ToolErrorResult | undefined {
  return run.timed_out
    ? { code: 'timeout', message: `command timed out: ${run.command[0] ?? ''}`, retryable: true }
    : undefined;
}
