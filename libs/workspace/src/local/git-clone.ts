import { AppException } from '#app/errors';

import type { CommandRunner } from '../command-runner.port.js';
import type { ExecResult } from '../workspace-runtime.port.js';

export const GIT_CLONE_TIMEOUT_MS = 300_000;

export interface GitCloneRequest {
  url: string;
  /** Branch or tag; validated by the API (no leading `-`, no whitespace). */
  ref?: string;
  /** Absolute target directory; may exist if empty. */
  directory: string;
  /** Working directory of git: the session root. */
  cwd: string;
  signal?: AbortSignal;
}

/**
 * Shallow-clones a repository (API.md 8.3 seeding rule 2), bounded by 300 s, never prompting.
 * @throws AppException `internal` `git clone failed: <trimmed git output>`
 */
export async function gitClone(runner: CommandRunner, request: GitCloneRequest): Promise<void> {
  const branch = request.ref === undefined || request.ref === '' ? [] : ['--branch', request.ref];
  const result = await runner.run({
    command: 'git',
    // `--` keeps a URL that looks like an option from being read as one.
    args: ['clone', '--depth', '1', ...branch, '--', request.url, request.directory],
    cwd: request.cwd,
    timeoutMs: GIT_CLONE_TIMEOUT_MS,
    signal: request.signal,
    env: { GIT_TERMINAL_PROMPT: '0' },
    // Seeding clones a remote into the session directory (the only writable place in a sandbox).
    network: true,
    workspaceRoot: request.cwd,
  });
  if (result.exit_code === 0 && !result.timed_out) {
    return;
  }
  const reason = request.signal?.aborted ? 'cancelled' : describeFailure(result);
  throw new AppException('internal', `git clone failed: ${reason}`);
}

function describeFailure(result: ExecResult): string {
  if (result.start_error !== undefined) {
    return result.start_error;
  }
  if (result.timed_out) {
    return `timed out after ${GIT_CLONE_TIMEOUT_MS / 1000}s`;
  }
  const output = result.output.trim();
  return output === '' ? `exit code ${result.exit_code}` : output;
}
