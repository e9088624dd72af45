import { chmod, lstat, readdir, rm } from 'node:fs/promises';
import { join } from 'node:path';

/**
 * `rm -rf` that also copes with read-only directories (a Go module cache, a copied `0555` tree):
 * when removal is denied, owner write permission is restored on every real directory and the
 * removal is retried once. Symlinks are removed, never followed. A missing path is fine.
 */
export async function removeTree(path: string): Promise<void> {
  try {
    await rm(path, { recursive: true, force: true });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code !== 'EACCES' && code !== 'EPERM') {
      throw error;
    }
    await makeDirectoriesWritable(path);
    await rm(path, { recursive: true, force: true });
  }
}

async function makeDirectoriesWritable(path: string): Promise<void> {
  const stats = await lstat(path).catch(() => undefined);
  if (stats === undefined || !stats.isDirectory()) {
    return;
  }
  await chmod(path, (stats.mode & 0o7777) | 0o700);
  const entries = await readdir(path, { withFileTypes: true });
  await Promise.all(
    entries
      .filter((entry) => entry.isDirectory())
      .map((entry) => makeDirectoriesWritable(join(path, entry.name))),
  );
}
