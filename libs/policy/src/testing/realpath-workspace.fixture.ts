import { lstat, readlink, realpath } from 'node:fs/promises';
import { dirname, isAbsolute, join, sep } from 'node:path';
import type { Session } from '#app/contracts';
import { AppException } from '#app/errors';
import {
  PATH_ESCAPES,
  PATH_OUTSIDE_ALLOWED,
  resolveLexicalPath,
  type WorkspaceRuntime,
} from '#app/workspace';

const MAX_SYMLINK_HOPS = 40;

/**
 * A test-only stand-in for the local runtime's resolver (API.md 7.4 steps 1–5) over a real
 * directory: lexical checks, then a segment walk following symlinks, then containment.
 */
export class RealpathWorkspace implements Pick<WorkspaceRuntime, 'resolve'> {
  readonly resolved: string[] = [];

  constructor(private readonly session: Session) {}

  async resolve(rawPath: string): Promise<string> {
    this.resolved.push(rawPath);
    const { workspace_path, allowed_paths } = this.session;
    const relative = resolveLexicalPath(rawPath, workspace_path, allowed_paths);
    const root = await realpath(this.session.workspace_path);
    const target = await walk(root, relative);
    if (!isInside(root, target)) {
      throw new AppException('policy_denied', PATH_ESCAPES);
    }
    for (const entry of allowed_paths) {
      const allowedRoot = entry === '.' ? root : await walk(root, entry);
      if (isInside(allowedRoot, target)) {
        return relative;
      }
    }
    throw new AppException('policy_denied', PATH_OUTSIDE_ALLOWED);
  }
}

async function walk(root: string, relative: string): Promise<string> {
  const pending = relative.split('/');
  let current = root;
  let hops = 0;
  while (pending.length > 0) {
    const segment = pending.shift() as string;
    if (segment === '' || segment === '.') {
      continue;
    }
    if (segment === '..') {
      current = dirname(current);
      continue;
    }
    const next = join(current, segment);
    const stats = await lstat(next).catch(() => null);
    if (stats?.isSymbolicLink()) {
      hops += 1;
      if (hops > MAX_SYMLINK_HOPS) {
        throw new AppException('policy_denied', PATH_ESCAPES);
      }
      const link = await readlink(next);
      current = isAbsolute(link) ? sep : current;
      pending.unshift(...link.split('/'));
      continue;
    }
    current = next;
  }
  return current;
}

const isInside = (base: string, candidate: string): boolean =>
  candidate === base || candidate.startsWith(base.endsWith(sep) ? base : `${base}${sep}`);
