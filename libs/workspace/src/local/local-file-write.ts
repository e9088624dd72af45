import { constants } from 'node:fs';
import { open, type FileHandle } from 'node:fs/promises';

import { AppException } from '#app/errors';
import { PATH_ESCAPES } from '../path/workspace-path.js';
import { errorCode } from './fs-errors.js';

/** CATALOG.md 4 fs.write_file: new files get 0644 whatever the umask. */
export const NEW_FILE_MODE = 0o644;

const { O_WRONLY, O_CREAT, O_EXCL, O_TRUNC, O_NOFOLLOW } = constants;

/**
 * Creates (0644) or truncates (mode kept) the file at `absolutePath` and writes `data`. The final
 * component is never followed: a symlink there makes the open fail with ELOOP.
 */
export async function writeWithoutFollowing(absolutePath: string, data: Buffer): Promise<void> {
  const handle = await openForWrite(absolutePath);
  try {
    await handle.writeFile(data);
  } finally {
    await handle.close();
  }
}

async function openForWrite(absolutePath: string): Promise<FileHandle> {
  try {
    const created = await open(
      absolutePath,
      O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW,
      NEW_FILE_MODE,
    );
    await created.chmod(NEW_FILE_MODE);
    return created;
  } catch (error) {
    if (errorCode(error) !== 'EEXIST') {
      throw mapOpenError(error);
    }
  }
  try {
    return await open(absolutePath, O_WRONLY | O_TRUNC | O_NOFOLLOW);
  } catch (error) {
    throw mapOpenError(error);
  }
}

function mapOpenError(error: unknown): unknown {
  switch (errorCode(error)) {
    case 'ELOOP':
      return new AppException('policy_denied', PATH_ESCAPES);
    case 'EISDIR':
      return new AppException('invalid_argument', 'path is a directory');
    default:
      return error;
  }
}
