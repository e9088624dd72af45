import { AppException } from '#app/errors';

import type { CommandRunner } from '../command-runner.port.js';
import type { ExecResult } from '../workspace-runtime.port.js';

/** `WORKSPACE_CLONE_TIMEOUT_SECONDS` default (CONFIG.md 2.2). */
export const GIT_CLONE_TIMEOUT_MS = 120_000;

export interface GitCloneRequest {
  url: string;
  /** Branch or tag; validated by the API (no leading `-`, no whitespace). */
  ref?: string;
  /** Absolute target directory; may exist if empty. */
  directory: string;
  /** Working directory of git: the session root. */
  cwd: string;
  /**
   * Real path of an allowlisted local repository (`url` is a local form): cloned from this spelling
   * and bound read-only into a sandbox, nothing beside it.
   */
  localPath?: string;
  /** Deadline of the clone; default {@link GIT_CLONE_TIMEOUT_MS}. */
  timeoutMs?: number;
  signal?: AbortSignal;
}

/**
 * Shallow-clones a repository (API.md 8.3 seeding rule 2), bounded by its deadline, never prompting.
 * A local source is cloned through the git transport (`--no-local`): no object is hard-linked to the
 * source, so writing the clone's `.git/objects` cannot change the source or a sibling clone, and
 * `--depth` holds. Only the transports of a repo_url are allowed (`ext::`, `fd::` never).
 * @throws AppException `execution_failed` `git clone failed: <trimmed git output>`;
 * `timeout` `git clone timed out after <N>s`
 */
export async function gitClone(runner: CommandRunner, request: GitCloneRequest): Promise<void> {
  const branch = request.ref === undefined || request.ref === '' ? [] : ['--branch', request.ref];
  const source = request.localPath ?? request.url;
  const timeoutMs = request.timeoutMs ?? GIT_CLONE_TIMEOUT_MS;
  const result = await runner.run({
    command: 'git',
    // `--` keeps a URL that looks like an option from being read as one.
    args: [
      ...CLONE_CONFIG,
      'clone',
      '--no-local',
      '--depth',
      '1',
      ...branch,
      '--',
      source,
      request.directory,
    ],
    cwd: request.cwd,
    timeoutMs,
    signal: request.signal,
    env: { GIT_TERMINAL_PROMPT: '0' },
    // Seeding clones a remote into the session directory (the only writable place in a sandbox).
    network: true,
    workspaceRoot: request.cwd,
    ...(request.localPath === undefined
      ? {}
      : { extraMounts: [{ path: request.localPath, writable: false }] }),
  });
  if (result.exit_code === 0 && !result.timed_out) {
    return;
  }
  if (request.signal?.aborted) {
    throw new AppException('execution_failed', 'git clone failed: cancelled');
  }
  if (result.timed_out) {
    throw new AppException('timeout', `git clone timed out after ${Math.round(timeoutMs / 1000)}s`);
  }
  throw new AppException('execution_failed', `git clone failed: ${describeFailure(result)}`);
}

// The clone runs no hook or fsmonitor of the source, follows no submodule, uses no helper transport.
const CLONE_CONFIG: readonly string[] = [
  '-c',
  'core.hooksPath=/dev/null',
  '-c',
  'core.fsmonitor=false',
  '-c',
  'protocol.ext.allow=never',
  '-c',
  'protocol.fd.allow=never',
  '-c',
  'submodule.recurse=false',
];

function describeFailure(result: ExecResult): string {
  if (result.start_error !== undefined) {
    return result.start_error;
  }
  const output = result.output.trim();
  return output === '' ? `exit code ${result.exit_code}` : output;
}
