import {
  closeSync,
  openSync,
  constants as fsConstants,
  fstatSync,
  open,
  type Dirent,
} from 'node:fs';
import { chmod, copyFile, mkdir, readdir, realpath, symlink } from 'node:fs/promises';
import { dirname, join, relative, sep } from 'node:path';
import { promisify } from 'node:util';

import { limiter, settleAll } from './task-concurrency.js';

export interface SourceTreeCopyOptions {
  /** Parallel file operations. Default 32. */
  concurrency?: number;
  signal?: AbortSignal;
  /**
   * Test seam: awaited after each source directory (by its path) is listed and before any of its
   * entries is opened, so a test can swap an entry in that window.
   */
  onListed?: (sourceDirectory: string) => Promise<void> | void;
}

export interface SourceTreeCopyStats {
  directories: number;
  files: number;
  symlinks: number;
  skipped: number;
}

/**
 * Copies the contents of `source` into the existing directory `destination` (API.md 8.3
 * seeding rule 1): directories and regular files keep their modes, `.git` included; a symlink
 * whose resolved target lies inside the source becomes a relative link to the same place in the
 * copy; symlinks leading outside, dangling symlinks, devices, sockets and FIFOs are skipped.
 * The source may change while it is copied: see the descriptor discipline below. Needs `/proc`.
 *
 * Rejects only after every started operation has settled, so the caller can remove a partial copy
 * without racing late writes.
 */
export async function copySourceTree(
  source: string,
  destination: string,
  options: SourceTreeCopyOptions = {},
): Promise<SourceTreeCopyStats> {
  const sourceRoot = await realpath(source);
  const rootFd = await openFd(sourceRoot, DIRECTORY_FLAGS).catch((error: unknown) => {
    throw isCode(error, 'ENOTDIR') ? new Error(`not a directory: ${source}`) : error;
  });
  try {
    const copier = new TreeCopier(sourceRoot, destination, await realpath(destination), options);
    await copier.run(rootFd);
    return copier.stats;
  } finally {
    closeSync(rootFd);
  }
}

/**
 * Source entries are opened relative to their parent directory's open descriptor, through
 * `/proc/self/fd/<fd>/<name>` (what `openat` does; Node has no `openat`), never by their full
 * path: a directory swapped for a symlink during the walk cannot redirect the copy outside the
 * source. The entry itself is opened with `O_NOFOLLOW` and checked with `fstat`, so a file
 * replaced by a symlink (or a FIFO) between `readdir` and the copy is skipped, not followed.
 */
const DIRECTORY_FLAGS = fsConstants.O_RDONLY | fsConstants.O_DIRECTORY | fsConstants.O_NOFOLLOW;
// O_NONBLOCK: opening a FIFO swapped in after readdir must not wait for a writer. (libuv adds
// O_CLOEXEC to every open.)
const FILE_FLAGS = fsConstants.O_RDONLY | fsConstants.O_NOFOLLOW | fsConstants.O_NONBLOCK;
/**
 * Directories whose descriptors may stay open while their subtrees are copied. Past it, each
 * directory in progress descends into its subdirectories one at a time, so a very wide tree holds
 * at most about this many times its depth (plus one descriptor per file copy in flight). Waiting
 * for a free descriptor instead could deadlock: every holder may be waiting for its children.
 */
const MAX_OPEN_DIRECTORIES = 128;

const openFd = promisify(open);

/** A source directory held open while its entries are copied. */
interface OpenDirectory {
  /** Path of the directory in the source (for the destination-inside-source check). */
  path: string;
  /** `/proc/self/fd/<fd>`: lookups below it start at the opened directory. */
  handlePath: string;
}

class TreeCopier {
  readonly stats: SourceTreeCopyStats = { directories: 0, files: 0, symlinks: 0, skipped: 0 };
  private readonly limit: <T>(task: () => Promise<T>) => Promise<T>;
  private openDirectories = 0;
  private firstError?: unknown;

  constructor(
    private readonly sourceRoot: string,
    private readonly destinationRoot: string,
    private readonly destinationReal: string,
    private readonly options: SourceTreeCopyOptions,
  ) {
    this.limit = limiter(options.concurrency ?? 32);
  }

  async run(rootFd: number): Promise<void> {
    try {
      await this.copyChildren(
        { path: this.sourceRoot, handlePath: fdPath(rootFd) },
        this.destinationRoot,
      );
    } catch (error) {
      throw this.firstError ?? error;
    }
  }

  private async copyChildren(directory: OpenDirectory, destinationDir: string): Promise<void> {
    const entries = await this.io(() => readdir(directory.handlePath, { withFileTypes: true }));
    await this.options.onListed?.(directory.path);
    const copies: Array<Promise<void>> = [];
    for (const entry of entries) {
      const copy = this.copyEntry(entry, directory, join(destinationDir, entry.name));
      copies.push(copy);
      if (entry.isDirectory() && this.openDirectories >= MAX_OPEN_DIRECTORIES) {
        // Bounds the descriptors held; the failure itself is reported by settleAll below.
        await copy.catch(() => undefined);
      }
    }
    await settleAll(copies);
  }

  private async copyEntry(entry: Dirent, parent: OpenDirectory, destinationPath: string) {
    try {
      await this.copyByType(entry, parent, destinationPath);
    } catch (error) {
      // Queued operations see it and stop early; the first error is the one reported.
      this.firstError ??= error;
      throw error;
    }
  }

  private async copyByType(entry: Dirent, parent: OpenDirectory, destinationPath: string) {
    if (entry.isFile()) {
      await this.copyFile(`${parent.handlePath}/${entry.name}`, destinationPath);
    } else if (entry.isDirectory()) {
      await this.copyDirectory(parent, entry.name, destinationPath);
    } else if (entry.isSymbolicLink()) {
      await this.copySymlink(`${parent.handlePath}/${entry.name}`, destinationPath);
    } else {
      this.stats.skipped++;
    }
  }

  private async copyFile(sourcePath: string, destinationPath: string): Promise<void> {
    // Opened inside the slot: descriptors of files held are bounded by the concurrency.
    await this.io(async () => {
      const fd = this.openSourceEntry(sourcePath, FILE_FLAGS);
      if (fd === undefined) {
        return;
      }
      try {
        // fstat of an open descriptor does no path lookup: cheap enough for the event loop.
        if (!fstatSync(fd).isFile()) {
          this.stats.skipped++;
          return;
        }
        // The kernel copies (reflink where the filesystem offers one, else copy_file_range); the
        // source is the very inode opened above. copyFile gives the new file the source's mode
        // itself (libuv fchmod), umask aside; EXCL: nothing may already be there.
        await copyFile(
          fdPath(fd),
          destinationPath,
          fsConstants.COPYFILE_EXCL | fsConstants.COPYFILE_FICLONE,
        );
        this.stats.files++;
      } finally {
        closeSync(fd);
      }
    });
  }

  private async copyDirectory(
    parent: OpenDirectory,
    name: string,
    destinationPath: string,
  ): Promise<void> {
    const path = join(parent.path, name);
    // A destination inside the source would otherwise be copied into itself without end.
    if (path === this.destinationReal) {
      this.stats.skipped++;
      return;
    }
    // Counted before the first await, so the caller's bound sees it at once.
    this.openDirectories++;
    try {
      const fd = this.openSourceEntry(`${parent.handlePath}/${name}`, DIRECTORY_FLAGS);
      if (fd === undefined) {
        return;
      }
      try {
        const { mode } = fstatSync(fd);
        // Owner rwx while filling; the real (possibly read-only) mode is applied after the children.
        await this.io(() => mkdir(destinationPath, { mode: 0o700 }));
        await this.copyChildren({ path, handlePath: fdPath(fd) }, destinationPath);
        await this.io(() => chmod(destinationPath, mode & 0o7777));
        this.stats.directories++;
      } finally {
        closeSync(fd);
      }
    } finally {
      this.openDirectories--;
    }
  }

  /**
   * Opens an entry the walk listed; `undefined` (counted as skipped) when it has become a symlink
   * (`ELOOP`) or, for a directory, something else (`ENOTDIR`) since.
   */
  private openSourceEntry(path: string, flags: number): number | undefined {
    try {
      this.checkContinue();
      // Synchronous: a lookup in a directory just listed; a thread-pool round trip per entry cost
      // more main-thread time than the call itself (docs/PERFORMANCE.md).
      return openSync(path, flags);
    } catch (error) {
      if (isCode(error, 'ELOOP') || isCode(error, 'ENOTDIR')) {
        this.stats.skipped++;
        return undefined;
      }
      throw error;
    }
  }

  private async copySymlink(sourcePath: string, destinationPath: string): Promise<void> {
    // Resolves through the parent's descriptor to the target's real host path.
    const target = await this.io(() => realpath(sourcePath)).catch(() => undefined);
    if (target === undefined || !isWithin(this.sourceRoot, target)) {
      this.stats.skipped++;
      return;
    }
    const equivalent = join(this.destinationRoot, relative(this.sourceRoot, target));
    const linkText = relative(dirname(destinationPath), equivalent) || '.';
    await this.io(() => symlink(linkText, destinationPath));
    this.stats.symlinks++;
  }

  /** One filesystem operation under the concurrency limit, skipped once the copy has failed. */
  private io<T>(operation: () => Promise<T>): Promise<T> {
    return this.limit(() => {
      this.checkContinue();
      return operation();
    });
  }

  private checkContinue(): void {
    if (this.options.signal?.aborted) {
      this.firstError ??= new Error('cancelled');
    }
    if (this.firstError !== undefined) {
      // eslint-disable-next-line @typescript-eslint/only-throw-error -- passes the failure on as it came
      throw this.firstError;
    }
  }
}

function fdPath(fd: number): string {
  return `/proc/self/fd/${fd}`;
}

function isCode(error: unknown, code: string): boolean {
  return (error as NodeJS.ErrnoException | undefined)?.code === code;
}

function isWithin(root: string, path: string): boolean {
  return path === root || path.startsWith(root.endsWith(sep) ? root : root + sep);
}
