import type { ExecResult, OutputListener, Session } from '#app/contracts';
import type { HostMount } from './command-runner.port.js';

// The result shape is shared with the pod exec of #app/kubernetes, so it lives in the contracts.
export type { ExecResult } from '#app/contracts';

export type EntryType = 'file' | 'dir' | 'symlink' | 'other';

/** CATALOG.md 4 "Entry": types come from lstat; `mode` is four octal digits; dirs have size 0. */
export interface EntryInfo {
  path: string;
  type: EntryType;
  size_bytes: number;
  mode: string;
  modified_at: string;
}

export interface SearchMatch {
  path: string;
  line: number;
  snippet: string;
}

export interface ReadResult {
  data: Buffer;
  /** Full size of the file on disk. */
  size_bytes: number;
  truncated: boolean;
}

export interface ExecOptions {
  /** Workspace-relative working directory (already resolved); default the workspace root. */
  cwd?: string;
  stdin?: string | Buffer;
  /** Hard deadline for this command; on expiry the whole process group is killed and exit code is 124. */
  timeoutMs: number;
  /** Cap on the combined stdout+stderr kept; default 256 KiB. Cut output ends with `\n[output truncated]`. */
  outputCapBytes?: number;
  /** Cancels the command (deadline of the invocation, session close, shutdown). */
  signal?: AbortSignal;
  /** Extra variables on top of the scrubbed service environment. */
  env?: Record<string, string>;
  /**
   * The command needs the network (`git fetch`, `npm install`, `pip install`). Default false: a
   * sandboxing runner may then run it without network access (docs/SANDBOX.md).
   */
  network?: boolean;
  /**
   * Host paths outside the workspace this command must see (local backend only): an allowlisted
   * local repository or remote. Bound at their own path inside the sandbox, nothing beside them.
   */
  extraMounts?: readonly HostMount[];
  /**
   * Hears the program's output as it arrives (live progress), per channel as the program wrote
   * it, decoded as UTF-8 across chunk boundaries, never more than `outputCapBytes` bytes in all.
   * A listener that throws never breaks the run; the result is the same with or without one.
   */
  onOutput?: OutputListener;
}

/**
 * The only way a tool touches a session's files or runs a program (API.md 8.3/8.4).
 *
 * Every method that takes a path expects the *resolved* workspace-relative form returned by
 * {@link WorkspaceRuntime.resolve}; implementations still re-check containment at use, so a symlink
 * swapped in between cannot lead outside the workspace. Errors are `AppException`s with catalog
 * codes: `not_found` (`path not found: <path>`), `invalid_argument`, `policy_denied`.
 */
export interface WorkspaceRuntime {
  readonly session: Session;

  /**
   * The full workspace path resolver (API.md 7.4 steps 1–5): lexical checks, `allowed_paths`, then
   * real-path containment following symlinks (at most 40 hops). Returns the normalised relative path.
   * @throws AppException `policy_denied` `path escapes workspace` / `path outside allowed_paths`
   */
  resolve(rawPath: string): Promise<string>;

  /** lstat; `null` when the path does not exist. */
  stat(path: string): Promise<EntryInfo | null>;

  /** A file yields itself; a directory its children (byte order), or a depth-first walk when recursive. */
  list(
    path: string,
    options: { recursive: boolean; maxEntries: number },
  ): Promise<{ entries: EntryInfo[]; truncated: boolean }>;

  /** Regular files below `path` (skipping `.git` dirs and symlinks), sorted by path. */
  listFiles(
    path: string,
    options: {
      recursive: boolean;
      maxEntries: number;
      matches?: (relativePath: string) => boolean;
    },
  ): Promise<{ files: Array<{ path: string; size_bytes: number }>; truncated: boolean }>;

  /** Reads at most `maxBytes` from the start of a regular file. */
  readFile(path: string, maxBytes: number): Promise<ReadResult>;

  /** Creates or truncates; new files 0644, existing files keep their mode; never follows a final symlink out. */
  writeFile(path: string, data: Buffer, options: { createParents: boolean }): Promise<void>;

  /** Creates a directory and applies `mode` with chmod. Returns false when it already existed. */
  mkdir(path: string, options: { createParents: boolean; mode: number }): Promise<boolean>;

  /** rename(2) semantics; with `overwrite` an existing destination is removed first. */
  move(
    source: string,
    destination: string,
    options: { overwrite: boolean; createParents: boolean },
  ): Promise<void>;

  /** Copies a file or a directory tree preserving modes; refuses symlinks anywhere in the copied tree. */
  copy(
    source: string,
    destination: string,
    options: { recursive: boolean; overwrite: boolean; createParents: boolean },
  ): Promise<'file' | 'dir'>;

  /** Removes a file, a symlink (never its target) or, with `recursive`, a directory tree. */
  remove(path: string, options: { recursive: boolean }): Promise<void>;

  /**
   * RE2 (linear-time) search; one match per matching line, sorted walk, skipping binaries and
   * `.git`. `signal` stops a helper program (ripgrep) when the invocation ends.
   */
  search(
    path: string,
    pattern: string,
    maxResults: number,
    options?: { signal?: AbortSignal },
  ): Promise<{ matches: SearchMatch[]; truncated: boolean }>;

  /** Runs a program without a shell, in its own process group, with a scrubbed environment. */
  exec(command: string, args: readonly string[], options: ExecOptions): Promise<ExecResult>;
}

/** Gives the runtime bound to one session (local directory or Kubernetes pod). */
export abstract class WorkspaceRuntimeFactory {
  abstract forSession(session: Session): WorkspaceRuntime;
}
