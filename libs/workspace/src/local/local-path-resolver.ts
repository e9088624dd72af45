import { lstatSync, readlinkSync, realpathSync, type Stats } from 'node:fs';
import { dirname } from 'node:path';

import type { Session } from '#app/contracts';
import { AppException } from '#app/errors';
import {
  PATH_ESCAPES,
  PATH_OUTSIDE_ALLOWED,
  normaliseWorkspacePath,
  resolveLexicalPath,
} from '../path/workspace-path.js';
import { errorCode, isMissing } from './fs-errors.js';
import { RealRootCache } from './real-root-cache.js';

/** API.md 7.4 step 5: at most 40 symlinks are followed for one path. */
export const MAX_SYMLINK_HOPS = 40;

/** A workspace path checked at the moment of use. */
export interface LocatedPath {
  /** Normalised workspace-relative path (`.` for the root). */
  relative: string;
  /** Real path of the workspace root. */
  root: string;
  /** Absolute path with every symlink followed, the final one included. */
  real: string;
  /** Absolute path of the entry itself: real parent + final name (a final symlink is not followed). */
  entry: string;
}

/**
 * The full workspace path resolver for a local session (API.md 7.4 steps 1–5). Runs again right
 * before every operation, so a symlink swapped in after the policy step cannot lead outside.
 *
 * The metadata calls (lstat, readlink, realpath) are synchronous: each costs a few microseconds on a
 * local disk, while a thread-pool round trip cost 20–40 µs of main-thread time on the measured host
 * (docs/PERFORMANCE.md).
 */
export class LocalPathResolver {
  // One resolver serves one invocation; the root's real path cannot change meaningfully within it,
  // and each path below the root is still walked afresh at every use.
  private rootPromise: Promise<string> | undefined;

  /**
   * @param roots shared by the runtimes of one replica (see {@link RealRootCache}); a private one,
   * i.e. a `realpath` per invocation, when the runtime is built on its own.
   */
  constructor(
    private readonly session: Session,
    private readonly roots: RealRootCache = new RealRootCache(1),
  ) {}

  /**
   * @param options.checkAllowed `false` only for a program's working directory: tools run programs
   * from the workspace root even when `allowed_paths` is narrower (the paths they touch are checked).
   */
  async locate(
    rawPath: string,
    options: { checkAllowed: boolean } = { checkAllowed: true },
  ): Promise<LocatedPath> {
    try {
      return await this.walk(rawPath, options);
    } catch (error) {
      // A component over NAME_MAX or a path over PATH_MAX is the caller's input, not a service fault.
      if (errorCode(error) === 'ENAMETOOLONG') {
        throw new AppException('invalid_argument', 'path is too long');
      }
      throw error;
    }
  }

  private async walk(rawPath: string, options: { checkAllowed: boolean }): Promise<LocatedPath> {
    const relative = options.checkAllowed
      ? resolveLexicalPath(rawPath, this.session.workspace_path, this.session.allowed_paths)
      : normaliseWorkspacePath(rawPath, this.session.workspace_path);
    const root = await this.realRoot();
    const segments = relative === '.' ? [] : relative.split('/');
    const budget = { hops: 0 };
    const parent = await follow(root, segments.slice(0, -1), budget);
    const last = segments.at(-1);
    const real = last === undefined ? parent : await follow(parent, [last], budget);
    if (!isInside(root, real)) {
      throw new AppException('policy_denied', PATH_ESCAPES);
    }
    if (options.checkAllowed) {
      await this.assertAllowed(root, real);
    }
    const entry = last === undefined ? root : joinAbsolute(parent, last);
    return { relative, root, real, entry };
  }

  /** Re-checks that an absolute directory about to be used still really lies inside the root. */
  async assertStillInside(root: string, absolutePath: string): Promise<void> {
    const real = realpathSync.native(absolutePath);
    if (!isInside(root, real)) {
      throw new AppException('policy_denied', PATH_ESCAPES);
    }
  }

  private realRoot(): Promise<string> {
    if (this.rootPromise === undefined) {
      try {
        this.rootPromise = Promise.resolve(this.roots.realPath(this.session.workspace_path));
      } catch (error) {
        return Promise.reject(
          new AppException('not_found', 'workspace directory not found', { cause: error }),
        );
      }
    }
    return this.rootPromise;
  }

  private async assertAllowed(root: string, real: string): Promise<void> {
    const allowed = this.session.allowed_paths;
    if (allowed.includes('.')) {
      return;
    }
    for (const entry of allowed) {
      const allowedReal = await follow(root, entry.split('/').filter(isNamedSegment), { hops: 0 });
      if (isInside(allowedReal, real)) {
        return;
      }
    }
    throw new AppException('policy_denied', PATH_OUTSIDE_ALLOWED);
  }
}

/** True when `path` is `base` or lies below it. */
export function isInside(base: string, path: string): boolean {
  if (base === '/') {
    return true;
  }
  return path === base || path.startsWith(`${base}/`);
}

/**
 * Walks `segments` from the absolute directory `start`, following every symlink that exists
 * (including a final one whose target is missing) and appending missing segments lexically. The
 * walk goes on after a missing segment: link text such as `missing/../evil` must not skip `evil`.
 */
async function follow(
  start: string,
  segments: readonly string[],
  budget: { hops: number },
): Promise<string> {
  let current = start;
  for (const segment of segments) {
    if (!isNamedSegment(segment)) {
      continue;
    }
    if (segment === '..') {
      current = dirname(current);
      continue;
    }
    const candidate = joinAbsolute(current, segment);
    const stats = lstatOrNullSync(candidate);
    if (stats?.isSymbolicLink()) {
      budget.hops += 1;
      if (budget.hops > MAX_SYMLINK_HOPS) {
        throw new AppException('policy_denied', PATH_ESCAPES);
      }
      const target = readlinkSync(candidate);
      current = await follow(target.startsWith('/') ? '/' : current, target.split('/'), budget);
    } else {
      current = candidate;
    }
  }
  return current;
}

function lstatOrNullSync(path: string): Stats | null {
  try {
    return lstatSync(path);
  } catch (error) {
    if (isMissing(error)) {
      return null;
    }
    throw error;
  }
}

function isNamedSegment(segment: string): boolean {
  return segment !== '' && segment !== '.';
}

function joinAbsolute(directory: string, name: string): string {
  return directory === '/' ? `/${name}` : `${directory}/${name}`;
}
