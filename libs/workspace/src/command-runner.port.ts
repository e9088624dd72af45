import type { ExecResult, OutputListener } from '#app/contracts';

export interface CommandRequest {
  command: string;
  args: readonly string[];
  /** Absolute working directory on the host running the command. */
  cwd: string;
  stdin?: string | Buffer;
  timeoutMs: number;
  /** Default 256 KiB (262,144 bytes). */
  outputCapBytes?: number;
  signal?: AbortSignal;
  /** Added on top of the scrubbed service environment. */
  env?: Record<string, string>;
  /** Default false: a sandboxing runner runs the command without network access. */
  network?: boolean;
  /**
   * Absolute root of the session workspace: the only host directory a sandboxing runner leaves
   * writable. Default: `cwd`.
   */
  workspaceRoot?: string;
  /**
   * Host paths outside the workspace that this one command must see (an allowlisted local
   * repository to clone or fetch from, a local remote to push to), each bound at its own path and
   * nothing beside it. A non-sandboxing runner ignores them.
   */
  extraMounts?: readonly HostMount[];
  /**
   * Hears stdout and stderr while the program runs, decoded, at most `outputCapBytes` bytes in
   * all; what it throws is reported and ignored. The result is the same with or without it.
   */
  onOutput?: OutputListener;
}

export interface HostMount {
  /** Absolute, already resolved (no symlinks) host path. */
  path: string;
  writable: boolean;
}

/**
 * Runs one program for a local session (API.md 8.3): no shell, own process group, environment
 * scrubbed of service secrets plus `GIT_TERMINAL_PROMPT=0`, SIGTERM then SIGKILL 2 s later on
 * deadline or cancellation, combined output capped with `\n[output truncated]`.
 */
export abstract class CommandRunner {
  abstract run(request: CommandRequest): Promise<ExecResult>;
}
