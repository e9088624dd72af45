import { closeSync, constants, fstatSync, lstatSync, openSync, type Stats } from 'node:fs';
import { chmod, copyFile, lstat, mkdir, readdir } from 'node:fs/promises';

import { AppException } from '#app/errors';

export const SYMLINKS_NOT_COPIED = 'symlinks are not copied';
const SPECIAL_NOT_COPIED = 'only regular files and directories are copied';

// O_NONBLOCK: a FIFO swapped in after the check must not make the open wait for a writer.
const FILE_FLAGS = constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK;
const DIRECTORY_FLAGS = constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_DIRECTORY;

/**
 * Refuses a tree that holds anything but directories and regular files, before anything is copied,
 * so a refused copy leaves no partial destination behind.
 */
export async function assertCopyableTree(absolute: string, stats: Stats): Promise<void> {
  assertCopyable(stats);
  if (!stats.isDirectory()) {
    return;
  }
  for (const name of await readdir(absolute)) {
    const child = `${absolute}/${name}`;
    await assertCopyableTree(child, await lstat(child));
  }
}

/**
 * Copies a checked file or tree; every file and directory keeps its permission bits.
 *
 * The workspace may change while it is copied (a command of the session still running). Every
 * entry is therefore opened without following a symlink and checked again on the opened
 * descriptor, and a directory's children are looked up through that descriptor
 * (`/proc/self/fd/<fd>/<name>`, i.e. `openat`), so a swapped-in symlink, at the entry or at any
 * directory above it, is refused (`symlinks are not copied`) instead of followed out of the
 * workspace.
 */
export async function copyTree(source: string, destination: string, stats: Stats): Promise<void> {
  assertCopyable(stats);
  const fd = openEntry(source, stats.isDirectory() ? DIRECTORY_FLAGS : FILE_FLAGS);
  try {
    const opened = fstatSync(fd);
    assertCopyable(opened);
    const handle = `/proc/self/fd/${fd}`;
    if (opened.isDirectory()) {
      await mkdir(destination);
      for (const name of await readdir(handle)) {
        await copyTree(
          `${handle}/${name}`,
          `${destination}/${name}`,
          await lstat(`${handle}/${name}`),
        );
      }
    } else {
      // EXCL: the destination was just cleared; anything there now (a swapped-in link) is refused.
      // The source is the inode opened above.
      await copyFile(handle, destination, constants.COPYFILE_EXCL);
    }
    // Applied last so a read-only directory can still be filled.
    await chmod(destination, opened.mode & 0o7777);
  } finally {
    closeSync(fd);
  }
}

/** Synchronous: one lookup of an entry just listed (see source-tree-copy.ts). */
function openEntry(path: string, flags: number): number {
  try {
    return openSync(path, flags);
  } catch (error) {
    // It has become a symlink since it was checked: ELOOP for a file; with O_DIRECTORY, ENOTDIR.
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ELOOP' || (code === 'ENOTDIR' && isSymlinkNow(path))) {
      throw new AppException('invalid_argument', SYMLINKS_NOT_COPIED);
    }
    throw error;
  }
}

function isSymlinkNow(path: string): boolean {
  try {
    return lstatSync(path).isSymbolicLink();
  } catch {
    return false;
  }
}

function assertCopyable(stats: Stats): void {
  if (stats.isSymbolicLink()) {
    throw new AppException('invalid_argument', SYMLINKS_NOT_COPIED);
  }
  if (!stats.isDirectory() && !stats.isFile()) {
    throw new AppException('invalid_argument', SPECIAL_NOT_COPIED);
  }
}
