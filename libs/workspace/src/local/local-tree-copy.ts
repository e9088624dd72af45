import { constants, type Stats } from 'node:fs';
import { chmod, copyFile, lstat, mkdir, readdir } from 'node:fs/promises';

import { AppException } from '#app/errors';

export const SYMLINKS_NOT_COPIED = 'symlinks are not copied';
const SPECIAL_NOT_COPIED = 'only regular files and directories are copied';

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

/** Copies a checked file or tree; every file and directory keeps its permission bits. */
export async function copyTree(source: string, destination: string, stats: Stats): Promise<void> {
  assertCopyable(stats);
  if (stats.isDirectory()) {
    await mkdir(destination);
    for (const name of await readdir(source)) {
      await copyTree(
        `${source}/${name}`,
        `${destination}/${name}`,
        await lstat(`${source}/${name}`),
      );
    }
  } else {
    // EXCL: the destination was just cleared; anything there now (a swapped-in link) is refused.
    await copyFile(source, destination, constants.COPYFILE_EXCL);
  }
  // Applied last so a read-only directory can still be filled.
  await chmod(destination, stats.mode & 0o7777);
}

function assertCopyable(stats: Stats): void {
  if (stats.isSymbolicLink()) {
    throw new AppException('invalid_argument', SYMLINKS_NOT_COPIED);
  }
  if (!stats.isDirectory() && !stats.isFile()) {
    throw new AppException('invalid_argument', SPECIAL_NOT_COPIED);
  }
}
