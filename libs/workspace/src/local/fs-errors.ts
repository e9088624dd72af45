import type { Stats } from 'node:fs';
import { lstat, stat } from 'node:fs/promises';

import { AppException } from '#app/errors';
import { PATH_ESCAPES } from '../path/workspace-path.js';

// Duck-typed: errors from Node's own modules are not `instanceof Error` inside Jest's VM contexts.
export function errorCode(error: unknown): string | undefined {
  if (typeof error !== 'object' || error === null || !('code' in error)) {
    return undefined;
  }
  return typeof error.code === 'string' ? error.code : undefined;
}

/** ENOENT and ENOTDIR both mean "there is nothing at this path". */
export function isMissing(error: unknown): boolean {
  const code = errorCode(error);
  return code === 'ENOENT' || code === 'ENOTDIR';
}

export async function lstatOrNull(path: string): Promise<Stats | null> {
  try {
    return await lstat(path);
  } catch (error) {
    if (isMissing(error)) {
      return null;
    }
    throw error;
  }
}

export async function statOrNull(path: string): Promise<Stats | null> {
  try {
    return await stat(path);
  } catch (error) {
    if (isMissing(error)) {
      return null;
    }
    throw error;
  }
}

export function pathNotFound(relativePath: string): AppException {
  return new AppException('not_found', `path not found: ${relativePath}`);
}

/**
 * Maps an errno met while operating on an already-checked path. ELOOP only happens when a
 * component was swapped for a symlink after the check: that is an escape attempt.
 */
export function mapFsError(error: unknown, relativePath: string): unknown {
  switch (errorCode(error)) {
    case 'ENOENT':
    case 'ENOTDIR':
      return pathNotFound(relativePath);
    case 'ELOOP':
      return new AppException('policy_denied', PATH_ESCAPES);
    case 'EISDIR':
      return new AppException('invalid_argument', 'path is a directory');
    default:
      return error;
  }
}
