import type { Dirent, Stats } from 'node:fs';
import { lstat, readdir } from 'node:fs/promises';

import { compareByteOrder } from './byte-order.js';
import { joinRelative } from './entry-info.js';
import { isMissing } from './fs-errors.js';

export interface WalkedEntry {
  relative: string;
  absolute: string;
  stats: Stats;
}

export interface WalkedFile {
  relative: string;
  absolute: string;
}

/**
 * Entries below a directory for `fs.list`: children in byte order of their names, depth-first
 * (pre-order) when recursive; symlinked directories are listed but never entered.
 */
export async function* walkEntries(
  absolute: string,
  relative: string,
  recursive: boolean,
): AsyncGenerator<WalkedEntry> {
  const names = (await readDirectory(absolute)).map((dirent) => dirent.name).sort(compareByteOrder);
  for (const name of names) {
    const child = { absolute: `${absolute}/${name}`, relative: joinRelative(relative, name) };
    const stats = await lstat(child.absolute).catch((error: unknown) => {
      if (isMissing(error)) {
        return null;
      }
      throw error;
    });
    if (stats === null) {
      continue;
    }
    yield { ...child, stats };
    if (recursive && stats.isDirectory()) {
      yield* walkEntries(child.absolute, child.relative, true);
    }
  }
}

/**
 * Regular files below a directory in byte order of their full relative paths, skipping `.git`
 * directories and symlinks. Sorting a directory's children by `name/` for directories and `name`
 * for files makes a depth-first walk emit paths already in full-path order (`a.txt` < `a/b`).
 */
export async function* walkRegularFiles(
  absolute: string,
  relative: string,
  recursive: boolean,
): AsyncGenerator<WalkedFile> {
  const children = (await readDirectory(absolute))
    .filter(
      (dirent) => dirent.isFile() || (recursive && dirent.isDirectory() && dirent.name !== '.git'),
    )
    .map((dirent) => ({ dirent, key: dirent.isDirectory() ? `${dirent.name}/` : dirent.name }))
    .sort((left, right) => compareByteOrder(left.key, right.key));
  for (const { dirent } of children) {
    const child = {
      absolute: `${absolute}/${dirent.name}`,
      relative: joinRelative(relative, dirent.name),
    };
    if (dirent.isDirectory()) {
      yield* walkRegularFiles(child.absolute, child.relative, true);
    } else {
      yield child;
    }
  }
}

// A directory removed or replaced during the walk is simply skipped.
async function readDirectory(absolute: string): Promise<Dirent[]> {
  try {
    return await readdir(absolute, { withFileTypes: true });
  } catch (error) {
    if (isMissing(error)) {
      return [];
    }
    throw error;
  }
}
