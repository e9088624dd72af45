import { chmod, mkdir, rename, rm, unlink } from 'node:fs/promises';
import { dirname } from 'node:path';

import type { Session } from '#app/contracts';
import { AppException } from '#app/errors';
import type { CommandRunner } from '../command-runner.port.js';
import type {
  EntryInfo,
  ExecOptions,
  ExecResult,
  ReadResult,
  SearchMatch,
  WorkspaceRuntime,
} from '../workspace-runtime.port.js';
import { toEntryInfo } from './entry-info.js';
import { errorCode, lstatOrNull, mapFsError, pathNotFound, statOrNull } from './fs-errors.js';
import { ensureParentDirectory } from './local-directories.js';
import { writeWithoutFollowing } from './local-file-write.js';
import { readLocatedFile } from './local-file-read.js';
import { walkEntries } from './local-fs-walk.js';
import { isInside, LocalPathResolver, type LocatedPath } from './local-path-resolver.js';
import { compileSearchPattern, searchFiles } from './local-search.js';
import { regularFilesAt, ripgrepCandidates } from './local-search-files.js';
import { RipgrepSearch } from './ripgrep-search.js';
import type { RealRootCache } from './real-root-cache.js';
import { assertCopyableTree, copyTree } from './local-tree-copy.js';

/** Shared by runtimes built without their factory's (tests, the kubernetes backend's local sessions). */
const DEFAULT_RIPGREP = new RipgrepSearch();

export const REFUSE_DELETE_ROOT = 'refusing to delete workspace root';
export const REFUSE_MOVE_ROOT = 'refusing to move workspace root';
export const REFUSE_REPLACE_ROOT = 'refusing to replace workspace root';

/**
 * A local session's workspace (API.md 8.3): files through the Node filesystem API, programs through
 * the injected {@link CommandRunner}. Every method re-resolves its paths right before use.
 */
export class LocalWorkspaceRuntime implements WorkspaceRuntime {
  private readonly paths: LocalPathResolver;

  constructor(
    readonly session: Session,
    private readonly runner: CommandRunner,
    private readonly ripgrep: RipgrepSearch | null = DEFAULT_RIPGREP,
    roots?: RealRootCache,
  ) {
    this.paths = new LocalPathResolver(session, roots);
  }

  async resolve(rawPath: string): Promise<string> {
    return (await this.paths.locate(rawPath)).relative;
  }

  async stat(path: string): Promise<EntryInfo | null> {
    const located = await this.paths.locate(path);
    const stats = await lstatOrNull(located.entry);
    return stats === null ? null : toEntryInfo(located.relative, stats);
  }

  async list(
    path: string,
    options: { recursive: boolean; maxEntries: number },
  ): Promise<{ entries: EntryInfo[]; truncated: boolean }> {
    const located = await this.paths.locate(path);
    const stats = await lstatOrNull(located.entry);
    if (stats === null) {
      throw pathNotFound(located.relative);
    }
    const directory =
      stats.isDirectory() ||
      (stats.isSymbolicLink() && (await statOrNull(located.real))?.isDirectory() === true);
    if (!directory) {
      return { entries: [toEntryInfo(located.relative, stats)], truncated: false };
    }
    const entries: EntryInfo[] = [];
    for await (const entry of walkEntries(located.real, located.relative, options.recursive)) {
      if (entries.length === options.maxEntries) {
        return { entries, truncated: true };
      }
      entries.push(toEntryInfo(entry.relative, entry.stats));
    }
    return { entries, truncated: false };
  }

  async listFiles(
    path: string,
    options: {
      recursive: boolean;
      maxEntries: number;
      matches?: (relativePath: string) => boolean;
    },
  ): Promise<{ files: Array<{ path: string; size_bytes: number }>; truncated: boolean }> {
    const located = await this.paths.locate(path);
    const files: Array<{ path: string; size_bytes: number }> = [];
    for await (const file of regularFilesAt(located, options.recursive)) {
      if (options.matches !== undefined && !options.matches(file.relative)) {
        continue;
      }
      if (files.length === options.maxEntries) {
        return { files, truncated: true };
      }
      const stats = await lstatOrNull(file.absolute);
      if (stats?.isFile()) {
        files.push({ path: file.relative, size_bytes: stats.size });
      }
    }
    return { files, truncated: false };
  }

  async readFile(path: string, maxBytes: number): Promise<ReadResult> {
    return readLocatedFile(await this.paths.locate(path), maxBytes);
  }

  async writeFile(path: string, data: Buffer, options: { createParents: boolean }): Promise<void> {
    const located = await this.paths.locate(path);
    // A final symlink was followed by locate(): the write goes to its contained target.
    if ((await lstatOrNull(located.real))?.isDirectory()) {
      throw new AppException('invalid_argument', 'path is a directory');
    }
    await ensureParentDirectory(located.root, located.real, options.createParents);
    await this.paths.assertStillInside(located.root, dirname(located.real));
    await writeWithoutFollowing(located.real, data);
  }

  async mkdir(path: string, options: { createParents: boolean; mode: number }): Promise<boolean> {
    const located = await this.paths.locate(path);
    const existing = await lstatOrNull(located.real);
    if (existing !== null) {
      if (existing.isDirectory()) {
        return false;
      }
      throw new AppException('invalid_argument', 'path exists and is not a directory');
    }
    await ensureParentDirectory(located.root, located.real, options.createParents);
    await this.paths.assertStillInside(located.root, dirname(located.real));
    try {
      await mkdir(located.real);
    } catch (error) {
      if (errorCode(error) === 'EEXIST' && (await lstatOrNull(located.real))?.isDirectory()) {
        return false;
      }
      throw error;
    }
    // Applied with chmod so the umask has no say (CATALOG.md 4 fs.mkdir).
    await chmod(located.real, options.mode & 0o7777);
    return true;
  }

  async move(
    source: string,
    destination: string,
    options: { overwrite: boolean; createParents: boolean },
  ): Promise<void> {
    const from = await this.paths.locate(source);
    const to = await this.paths.locate(destination);
    if (from.entry === from.root) {
      throw new AppException('policy_denied', REFUSE_MOVE_ROOT);
    }
    if ((await lstatOrNull(from.entry)) === null) {
      throw pathNotFound(from.relative);
    }
    if (from.entry === to.entry) {
      return;
    }
    if (isInside(from.entry, to.entry)) {
      throw new AppException('invalid_argument', 'destination is inside the source directory');
    }
    await this.prepareDestination(from, to, options);
    await this.paths.assertStillInside(from.root, dirname(from.entry));
    await rename(from.entry, to.entry).catch((error: unknown) => {
      throw mapFsError(error, from.relative);
    });
  }

  async copy(
    source: string,
    destination: string,
    options: { recursive: boolean; overwrite: boolean; createParents: boolean },
  ): Promise<'file' | 'dir'> {
    const from = await this.paths.locate(source);
    const to = await this.paths.locate(destination);
    const stats = await lstatOrNull(from.entry);
    if (stats === null) {
      throw pathNotFound(from.relative);
    }
    if (stats.isDirectory() && !options.recursive) {
      throw new AppException('invalid_argument', 'recursive is required to copy a directory');
    }
    await assertCopyableTree(from.entry, stats);
    if (from.entry === to.entry) {
      throw new AppException('invalid_argument', 'source and destination are the same');
    }
    if (isInside(from.entry, to.entry)) {
      throw new AppException('invalid_argument', 'destination is inside the source directory');
    }
    await this.prepareDestination(from, to, options);
    await copyTree(from.entry, to.entry, stats);
    return stats.isDirectory() ? 'dir' : 'file';
  }

  async remove(path: string, options: { recursive: boolean }): Promise<void> {
    const located = await this.paths.locate(path);
    if (located.entry === located.root) {
      throw new AppException('policy_denied', REFUSE_DELETE_ROOT);
    }
    const stats = await lstatOrNull(located.entry);
    if (stats === null) {
      throw pathNotFound(located.relative);
    }
    if (stats.isDirectory() && !options.recursive) {
      throw new AppException('invalid_argument', 'recursive is required to delete a directory');
    }
    await this.paths.assertStillInside(located.root, dirname(located.entry));
    // rm never follows symlinks, neither the entry itself nor inside the tree.
    await (
      stats.isDirectory() ? rm(located.entry, { recursive: true }) : unlink(located.entry)
    ).catch((error: unknown) => {
      throw mapFsError(error, located.relative);
    });
  }

  async search(
    path: string,
    pattern: string,
    maxResults: number,
    options: { signal?: AbortSignal } = {},
  ): Promise<{ matches: SearchMatch[]; truncated: boolean }> {
    const located = await this.paths.locate(path);
    const compiled = compileSearchPattern(pattern);
    const limit = Math.max(1, maxResults);
    const nominated = await ripgrepCandidates(this.ripgrep, this.runner, {
      located,
      pattern,
      compiled,
      signal: options.signal,
    });
    if (options.signal?.aborted) {
      // The pipeline has already answered (timeout or cancelled); spend nothing more.
      return { matches: [], truncated: false };
    }
    return searchFiles(nominated ?? regularFilesAt(located, true), compiled, limit);
  }

  async exec(command: string, args: readonly string[], options: ExecOptions): Promise<ExecResult> {
    const located = await this.paths.locate(options.cwd ?? '.', { checkAllowed: false });
    return this.runner.run({
      command,
      args,
      cwd: located.real,
      stdin: options.stdin,
      timeoutMs: options.timeoutMs,
      outputCapBytes: options.outputCapBytes,
      signal: options.signal,
      env: options.env,
      network: options.network ?? false,
      workspaceRoot: located.root,
      ...(options.extraMounts ? { extraMounts: options.extraMounts } : {}),
      ...(options.onOutput === undefined ? {} : { onOutput: options.onOutput }),
    });
  }

  /** Shared by move and copy: refuses or clears an existing destination, creates its parents. */
  private async prepareDestination(
    from: LocatedPath,
    to: LocatedPath,
    options: { overwrite: boolean; createParents: boolean },
  ): Promise<void> {
    if (to.entry === to.root) {
      throw new AppException('policy_denied', REFUSE_REPLACE_ROOT);
    }
    const existing = await lstatOrNull(to.entry);
    if (existing !== null) {
      if (!options.overwrite) {
        throw new AppException('invalid_argument', 'destination exists');
      }
      if (isInside(to.entry, from.entry)) {
        throw new AppException('invalid_argument', 'destination contains the source');
      }
      await this.paths.assertStillInside(to.root, dirname(to.entry));
      await rm(to.entry, { recursive: true, force: true });
    }
    await ensureParentDirectory(to.root, to.entry, options.createParents);
    await this.paths.assertStillInside(to.root, dirname(to.entry));
  }
}
