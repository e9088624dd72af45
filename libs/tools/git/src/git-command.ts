import { toTimestamp, type JsonObject, type LogLine } from '#app/contracts';
import { AppException } from '#app/errors';
import type { ToolContext, ToolErrorResult, ToolResult } from '#app/tool-registry';
import { LiveLogLines } from '#app/tooling';
import type { HostMount } from '#app/workspace';
import {
  COMMAND_KEYS_PATTERN,
  FIXED_GIT_CONFIG,
  neutralisingConfig,
  type GitConfigEntry,
} from './git-config-guard.js';
import { assertRepositoryContained } from './git-repo-guard.js';

/** CATALOG.md 5: visible in every `command`; repository hooks and fsmonitor commands never run. */
export const GIT_SAFE_OPTIONS: readonly string[] = Object.freeze([
  '--no-pager',
  '-c',
  'core.hooksPath=/dev/null',
  '-c',
  'core.fsmonitor=false',
]);

const FAILURE_TAIL_CHARS = 2000;
const PROBE_OUTPUT_CAP_BYTES = 65_536;
const PROBE_TIMEOUT_MS = 10_000;

/** One finished git run; never thrown (map it with {@link gitFailure}). */
export interface GitRun {
  /** argv as run: `['git', ...GIT_SAFE_OPTIONS, ...args]`. */
  command: string[];
  exit_code: number;
  output: string;
  truncated: boolean;
  timed_out: boolean;
  start_error?: string;
}

export interface GitRunOptions {
  stdin?: string;
  /** `false` for internal probes, which add no log line (CATALOG.md 3.4). Default `true`. */
  log?: boolean;
  /** Extra config for this call only (same precedence as `-c`). */
  config?: readonly GitConfigEntry[];
  /** The command talks to a remote (fetch, pull, push): a sandboxed runner must allow the network. */
  network?: boolean;
  /** Allowlisted host repositories this call reaches (a local remote): bound into the sandbox. */
  extraMounts?: readonly HostMount[];
}

/**
 * Runs git for one invocation through `ctx.workspace.exec` (no shell), pinned to the workspace's own
 * repository (`GIT_DIR=.git`, `GIT_WORK_TREE=.`: no discovery of an enclosing repository, no
 * `core.worktree` redirect) with every config-driven command neutralised, and collects one
 * `stdout` LogLine per logged run; a logged run also reports its output line by line to
 * `ctx.progress` while it goes on (a long clone, fetch or push).
 */
export class GitCommand {
  readonly logs: LogLine[] = [];
  private guardConfig: Promise<GitConfigEntry[]> | undefined;

  constructor(
    private readonly ctx: Pick<ToolContext, 'workspace' | 'signal' | 'progress'>,
    private readonly options: { timeoutSeconds: number; outputCapBytes: number },
  ) {}

  /**
   * Runs `git <safe options> <args>`. The first call checks that the repository stays inside the
   * workspace and reads which repository-level command keys need neutralising.
   * @throws AppException `policy_denied` when the repository points outside the workspace.
   */
  async run(args: readonly string[], options: GitRunOptions = {}): Promise<GitRun> {
    this.guardConfig ??= this.inspectRepository();
    const config = [...FIXED_GIT_CONFIG, ...(await this.guardConfig), ...(options.config ?? [])];
    return this.exec(args, config, { ...options, log: options.log !== false });
  }

  private async inspectRepository(): Promise<GitConfigEntry[]> {
    await assertRepositoryContained(this.ctx.workspace);
    const probe = await this.exec(
      ['config', '--null', '--show-scope', '--get-regexp', COMMAND_KEYS_PATTERN],
      [],
      { log: false, outputCapBytes: PROBE_OUTPUT_CAP_BYTES },
    );
    if (probe.truncated || probe.timed_out) {
      // Fail closed: an unread key could be a command.
      throw new AppException('git_repo_error', 'repository configuration could not be inspected');
    }
    // Exit 1: no key matched; any other failure surfaces on the real command.
    return probe.exit_code === 0 ? neutralisingConfig(probe.output) : [];
  }

  private async exec(
    args: readonly string[],
    config: readonly GitConfigEntry[],
    options: Omit<GitRunOptions, 'config'> & { log: boolean; outputCapBytes?: number },
  ): Promise<GitRun> {
    const { stdin, log, network, extraMounts } = options;
    const argv = [...GIT_SAFE_OPTIONS, ...args];
    const outputCapBytes = options.outputCapBytes ?? this.options.outputCapBytes;
    const { progress } = this.ctx;
    const live =
      log && progress !== undefined ? new LiveLogLines(progress, outputCapBytes) : undefined;
    const result = await this.ctx.workspace.exec('git', argv, {
      timeoutMs: log ? this.options.timeoutSeconds * 1000 : PROBE_TIMEOUT_MS,
      outputCapBytes,
      signal: this.ctx.signal,
      env: gitEnvironment(config),
      ...(stdin === undefined ? {} : { stdin }),
      ...(network === true ? { network } : {}),
      ...(extraMounts === undefined || extraMounts.length === 0 ? {} : { extraMounts }),
      ...(live === undefined ? {} : { onOutput: live.push }),
    });
    live?.finish(result.truncated);
    const run: GitRun = {
      command: ['git', ...argv],
      exit_code: result.exit_code,
      output: result.output,
      truncated: result.truncated,
      // A cancellation (the invocation deadline) also reports 124.
      timed_out: result.timed_out || (this.ctx.signal.aborted && result.exit_code === 124),
      ...(result.start_error === undefined ? {} : { start_error: result.start_error }),
    };
    if (log && run.start_error === undefined) {
      this.logs.push({ at: toTimestamp(Date.now()), channel: 'stdout', message: run.output });
    }
    return run;
  }
}

function gitEnvironment(config: readonly GitConfigEntry[]): Record<string, string> {
  const env: Record<string, string> = {
    GIT_DIR: '.git',
    GIT_WORK_TREE: '.',
    GIT_CONFIG_NOSYSTEM: '1',
    GIT_TERMINAL_PROMPT: '0',
    GIT_PAGER: 'cat',
    PAGER: 'cat',
    // Nothing may wait for an editor or an askpass program; env beats repository config.
    GIT_EDITOR: ':',
    GIT_SEQUENCE_EDITOR: ':',
    GIT_MERGE_AUTOEDIT: 'no',
    GIT_ASKPASS: '',
    SSH_ASKPASS: '',
    // Set (even empty) it makes git ignore every core.gitProxy entry (multi-valued, first match wins).
    GIT_PROXY_COMMAND: '',
    LC_ALL: 'C',
    GIT_CONFIG_COUNT: String(config.length),
  };
  config.forEach(([key, value], index) => {
    env[`GIT_CONFIG_KEY_${index}`] = key;
    env[`GIT_CONFIG_VALUE_${index}`] = value;
  });
  return env;
}

/**
 * CATALOG.md 3.4 / 5 error mapping, `undefined` on exit 0: missing git → `execution_failed`
 * `command not available: git`; deadline → `timeout`; 128 → `git_repo_error`; 129 →
 * `git_usage_error`; other non-zero → `execution_failed`; messages `command failed: <tail>`.
 */
export function gitFailure(run: GitRun): ToolErrorResult | undefined {
  if (run.start_error !== undefined) {
    const missing =
      /not found/i.test(run.start_error) && !/working directory/i.test(run.start_error);
    return {
      code: 'execution_failed',
      message: missing ? 'command not available: git' : `command failed: ${run.start_error}`,
      retryable: false,
    };
  }
  if (run.timed_out) {
    return { code: 'timeout', message: 'command timed out: git', retryable: true };
  }
  if (run.exit_code === 0) {
    return undefined;
  }
  const code =
    run.exit_code === 128
      ? 'git_repo_error'
      : run.exit_code === 129
        ? 'git_usage_error'
        : 'execution_failed';
  return { code, message: commandFailedMessage(run), retryable: false };
}

export function commandFailedMessage(run: GitRun): string {
  const trimmed = run.output.trim();
  return trimmed === ''
    ? `command failed: exit code ${run.exit_code}`
    : `command failed: ${trimmed.slice(-FAILURE_TAIL_CHARS)}`;
}

/** CATALOG.md 3.3: a relative path that would start with `-` is written `./<path>`. */
export function pathArgument(path: string): string {
  return path.startsWith('-') ? `./${path}` : path;
}

/**
 * The handler result of a git tool: `members` plus `command` and `exit_code` of `run`, the
 * collected logs, and the mapped error when `run` failed (output and logs are kept either way).
 */
export function gitResult(git: GitCommand, run: GitRun, members: JsonObject): ToolResult {
  const error = gitFailure(run);
  return {
    output: { ...members, command: run.command, exit_code: run.exit_code },
    logs: git.logs,
    exit_code: run.exit_code,
    ...(error === undefined ? {} : { error }),
  };
}
