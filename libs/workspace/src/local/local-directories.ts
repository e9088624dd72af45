import { chmod, mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';

import { AppException } from '#app/errors';
import { PATH_ESCAPES } from '../path/workspace-path.js';
import { errorCode, lstatOrNull, statOrNull } from './fs-errors.js';

/** CATALOG.md 4: directories created on the way get mode 0755 whatever the umask. */
export const NEW_DIRECTORY_MODE = 0o755;

/**
 * Makes sure the parent directory of `absolutePath` (inside the real workspace `root`) exists,
 * creating missing levels one by one when allowed.
 * @throws AppException `not_found` `parent directory not found`, `invalid_argument` when a parent
 * is a file, `policy_denied` when a symlink appeared on the way.
 */
export async function ensureParentDirectory(
  root: string,
  absolutePath: string,
  createParents: boolean,
): Promise<void> {
  const parent = dirname(absolutePath);
  const stats = await statOrNull(parent);
  if (stats?.isDirectory()) {
    return;
  }
  if (stats !== null) {
    throw new AppException('invalid_argument', 'parent path is not a directory');
  }
  if (!createParents) {
    throw new AppException('not_found', 'parent directory not found');
  }
  await createDirectories(root, parent);
}

async function createDirectories(root: string, directory: string): Promise<void> {
  let current = root;
  for (const segment of directory.slice(root.length + 1).split('/')) {
    current = `${current}/${segment}`;
    try {
      await mkdir(current);
      await chmod(current, NEW_DIRECTORY_MODE);
    } catch (error) {
      if (errorCode(error) !== 'EEXIST') {
        throw error;
      }
      const stats = await lstatOrNull(current);
      if (stats?.isSymbolicLink()) {
        // The path was resolved with every symlink followed: a link here was swapped in since.
        throw new AppException('policy_denied', PATH_ESCAPES);
      }
      if (!stats?.isDirectory()) {
        throw new AppException('invalid_argument', 'parent path is not a directory');
      }
    }
  }
}
