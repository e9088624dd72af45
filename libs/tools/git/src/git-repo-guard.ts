import { posix } from 'node:path';

import { AppException } from '#app/errors';
import { PATH_OUTSIDE_ALLOWED, type WorkspaceRuntime } from '#app/workspace';

const POINTER_FILE_MAX_BYTES = 65_536;

/**
 * Refuses a repository whose metadata reaches outside the workspace before any git command runs:
 * a `.git` symlink or `gitdir:` file, a `commondir` pointer or an `objects/info/alternates` entry
 * leading elsewhere would let git read (or write) another tree, for example another session's.
 * Every location goes through the workspace path resolver.
 *
 * @throws AppException `policy_denied` `path escapes workspace` / `path outside allowed_paths`
 */
export async function assertRepositoryContained(workspace: WorkspaceRuntime): Promise<void> {
  const dotGit = await resolveDotGit(workspace);
  if (dotGit === null) {
    return;
  }
  await assertGitDirContained(workspace, dotGit);
}

/**
 * The same checks for a repository directory (or gitfile) at a resolved workspace path, e.g. a
 * local remote inside the workspace: its git-upload-pack would follow the same pointers, and its
 * `objects` must not be a link out of the workspace either.
 * @throws AppException `policy_denied` `path escapes workspace`
 */
export async function assertGitDirContained(
  workspace: WorkspaceRuntime,
  dotGit: string,
): Promise<void> {
  const entry = await workspace.stat(dotGit);
  if (entry === null) {
    // git itself reports the missing repository (exit 128).
    return;
  }
  const gitDir = entry.type === 'dir' ? dotGit : await followGitFile(workspace, dotGit);
  await workspace.resolve(posix.join(gitDir, 'objects'));
  const commonPointer = await readPointerFile(workspace, posix.join(gitDir, 'commondir'));
  const commonDir =
    commonPointer === null ? gitDir : await resolveFrom(workspace, gitDir, commonPointer.trim());
  await workspace.resolve(posix.join(commonDir, 'objects'));
  const alternates = await readPointerFile(
    workspace,
    posix.join(commonDir, 'objects/info/alternates'),
  );
  for (const line of (alternates ?? '').split('\n')) {
    const target = line.trim();
    if (target !== '' && !target.startsWith('#')) {
      await resolveFrom(workspace, posix.join(commonDir, 'objects'), unquote(target));
    }
  }
}

/**
 * `null` when `allowed_paths` does not cover `.git`: such a session cannot have written the
 * repository metadata (fs tools stay inside `allowed_paths`, git refuses paths named `.git`), so
 * the git tools keep working on the repository the session was seeded with.
 */
async function resolveDotGit(workspace: WorkspaceRuntime): Promise<string | null> {
  try {
    return await workspace.resolve('.git');
  } catch (error) {
    if (error instanceof AppException && error.message === PATH_OUTSIDE_ALLOWED) {
      return null;
    }
    throw error;
  }
}

/** `.git` as a file (`gitdir: <path>`) or a symlink; a symlink to a directory reads as no file. */
async function followGitFile(workspace: WorkspaceRuntime, dotGit: string): Promise<string> {
  const text = await readPointerFile(workspace, dotGit);
  const match = text === null ? null : /^gitdir: *(.+?)\s*$/m.exec(text);
  return match === null ? dotGit : resolveFrom(workspace, '.', match[1]);
}

async function readPointerFile(workspace: WorkspaceRuntime, path: string): Promise<string | null> {
  const resolved = await workspace.resolve(path);
  const entry = await workspace.stat(resolved);
  if (entry === null || entry.type === 'dir') {
    return null;
  }
  try {
    return (await workspace.readFile(resolved, POINTER_FILE_MAX_BYTES)).data.toString('utf8');
  } catch (error) {
    // A symlink that leads to a directory is no pointer file; escapes still propagate.
    if (error instanceof AppException && error.code === 'policy_denied') {
      throw error;
    }
    return null;
  }
}

/** Pointer targets are absolute or relative to `base`; `..` is applied lexically before resolving. */
async function resolveFrom(
  workspace: WorkspaceRuntime,
  base: string,
  target: string,
): Promise<string> {
  if (target.startsWith('/')) {
    return workspace.resolve(target);
  }
  const joined = posix.normalize(posix.join(base, target));
  if (joined === '..' || joined.startsWith('../')) {
    throw new AppException('policy_denied', 'path escapes workspace');
  }
  return workspace.resolve(joined);
}

/** git C-quotes alternates that contain unusual characters. */
function unquote(text: string): string {
  if (!text.startsWith('"')) {
    return text;
  }
  try {
    return JSON.parse(text) as string;
  } catch {
    // Octal escapes and the like: fail closed rather than check a different path than git reads.
    throw new AppException('policy_denied', 'path escapes workspace');
  }
}
