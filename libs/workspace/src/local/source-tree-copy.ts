import { constants as fsConstants, type Dirent } from 'node:fs';
import { chmod, copyFile, lstat, mkdir, readdir, realpath, symlink } from 'node:fs/promises';
import { dirname, join, relative, sep } from 'node:path';

export interface SourceTreeCopyOptions {
  /** Parallel file operations. Default 32. */
  concurrency?: number;
  signal?: AbortSignal;
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
  const rootStats = await lstat(sourceRoot);
  if (!rootStats.isDirectory()) {
    throw new Error(`not a directory: ${source}`);
  }
  const copier = new TreeCopier(sourceRoot, destination, await realpath(destination), options);
  await copier.run();
  return copier.stats;
}

class TreeCopier {
  readonly stats: SourceTreeCopyStats = { directories: 0, files: 0, symlinks: 0, skipped: 0 };
  private readonly limit: <T>(task: () => Promise<T>) => Promise<T>;
  private firstError?: unknown;

  constructor(
    private readonly sourceRoot: string,
    private readonly destinationRoot: string,
    private readonly destinationReal: string,
    private readonly options: SourceTreeCopyOptions,
  ) {
    this.limit = limiter(options.concurrency ?? 32);
  }

  async run(): Promise<void> {
    try {
      await this.copyChildren(this.sourceRoot, this.destinationRoot);
    } catch (error) {
      throw this.firstError ?? error;
    }
  }

  private async copyChildren(sourceDir: string, destinationDir: string): Promise<void> {
    const entries = await this.io(() => readdir(sourceDir, { withFileTypes: true }));
    await settleAll(
      entries.map((entry) =>
        this.copyEntry(entry, join(sourceDir, entry.name), join(destinationDir, entry.name)),
      ),
    );
  }

  private async copyEntry(entry: Dirent, sourcePath: string, destinationPath: string) {
    try {
      await this.copyByType(entry, sourcePath, destinationPath);
    } catch (error) {
      // Queued operations see it and stop early; the first error is the one reported.
      this.firstError ??= error;
      throw error;
    }
  }

  private async copyByType(entry: Dirent, sourcePath: string, destinationPath: string) {
    if (entry.isFile()) {
      // copyFile applies the source mode to the new file itself (libuv fchmod), umask aside.
      await this.io(() => copyFile(sourcePath, destinationPath, fsConstants.COPYFILE_FICLONE));
      this.stats.files++;
    } else if (entry.isDirectory()) {
      await this.copyDirectory(sourcePath, destinationPath);
    } else if (entry.isSymbolicLink()) {
      await this.copySymlink(sourcePath, destinationPath);
    } else {
      this.stats.skipped++;
    }
  }

  private async copyDirectory(sourcePath: string, destinationPath: string): Promise<void> {
    // A destination inside the source would otherwise be copied into itself without end.
    if (sourcePath === this.destinationReal) {
      this.stats.skipped++;
      return;
    }
    const { mode } = await this.io(() => lstat(sourcePath));
    // Owner rwx while filling; the real (possibly read-only) mode is applied after the children.
    await this.io(() => mkdir(destinationPath, { mode: 0o700 }));
    await this.copyChildren(sourcePath, destinationPath);
    await this.io(() => chmod(destinationPath, mode & 0o7777));
    this.stats.directories++;
  }

  private async copySymlink(sourcePath: string, destinationPath: string): Promise<void> {
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

function isWithin(root: string, path: string): boolean {
  return path === root || path.startsWith(root.endsWith(sep) ? root : root + sep);
}

/** Awaits every promise, then rethrows the first rejection (if any). */
async function settleAll(promises: Array<Promise<void>>): Promise<void> {
  const results = await Promise.allSettled(promises);
  const failure = results.find(
    (result): result is PromiseRejectedResult => result.status === 'rejected',
  );
  if (failure !== undefined) {
    throw failure.reason;
  }
}

/** A counting semaphore: at most `size` tasks run at once, the rest wait in FIFO order. */
function limiter(size: number): <T>(task: () => Promise<T>) => Promise<T> {
  let active = 0;
  const waiting: Array<() => void> = [];
  const release = (): void => {
    const next = waiting.shift();
    // The slot passes straight to the next waiter, so a newcomer cannot slip in between.
    if (next === undefined) {
      active--;
    } else {
      next();
    }
  };
  return async <T>(task: () => Promise<T>): Promise<T> => {
    if (active >= size) {
      await new Promise<void>((resolve) => waiting.push(resolve));
    } else {
      active++;
    }
    try {
      return await task();
    } finally {
      release();
    }
  };
}
