import { posix } from 'node:path';

import { AppException } from '#app/errors';
import type { WorkspaceRuntime } from '#app/workspace';
import { checkDiffPath } from './diff-header-names.js';
import type { DiffPlan } from './diff-paths.js';

/** `git apply --numstat -z` (no `-p`: the default strip level the apply uses too). */
export const NUMSTAT_ARGS: readonly string[] = Object.freeze(['apply', '--numstat', '-z']);

export const PATCH_OUTSIDE_ALLOWED = 'patch touches paths outside allowed_paths';

const NUMSTAT_RECORD = /^(?:\d+|-)\t(?:\d+|-)\t([\s\S]*)$/;

/**
 * The paths git itself will touch, from `git apply --numstat -z` output: `added\tdeleted\tpath\0`,
 * or for a rename `added\tdeleted\t\0old\0new\0`. `null` when the output has any other shape
 * (a warning mixed in, a cut output, undecodable bytes): the caller then refuses the patch.
 */
export function parseNumstat(output: string): string[] | null {
  if (output.includes('\uFFFD')) {
    return null;
  }
  const records = output.split('\0');
  if (records.pop() !== '') {
    return null;
  }
  const paths: string[] = [];
  for (let index = 0; index < records.length; index++) {
    const record = NUMSTAT_RECORD.exec(records[index]);
    if (record === null) {
      return null;
    }
    if (record[1] !== '') {
      paths.push(record[1]);
      continue;
    }
    const [from, to] = [records[index + 1], records[index + 2]];
    if (from === undefined || to === undefined) {
      return null;
    }
    paths.push(from, to);
    index += 2;
  }
  return paths;
}

/**
 * CATALOG.md 4 fs.patch: checks every path of the patch, as the diff names them and as git reports
 * it will write them, against the workspace resolver (containment, `allowed_paths`, symlinks on
 * disk), and the symlinks the patch creates or changes. Returns `changed_paths`: git's own list
 * plus the sources renames remove, normalised and sorted.
 * @throws AppException `invalid_argument` `invalid diff path: <p>`; `policy_denied`
 *   `patch touches paths outside allowed_paths` or one of the symlink refusals below.
 */
export async function checkPatchTargets(
  workspace: WorkspaceRuntime,
  plan: DiffPlan,
  gitPaths: readonly string[],
): Promise<string[]> {
  const named = [...plan.paths, ...plan.sources, ...gitPaths.map((path) => checkDiffPath(path))];
  const resolved = new Map<string, string>();
  for (const path of new Set(named)) {
    resolved.set(path, await resolveInside(workspace, path));
  }
  const linkPaths = new Set(plan.symlinks.map((link) => link.path));
  for (const link of plan.symlinks) {
    const through = named.find((path) => path.startsWith(`${link.path}/`));
    if (through !== undefined) {
      throw new AppException(
        'policy_denied',
        `patch writes through a symlink it creates: ${through}`,
      );
    }
    await checkLinkTarget(workspace, link.path, link.target, linkPaths);
  }
  const deleted = new Set(plan.deleted);
  for (const path of new Set(named)) {
    const changedInPlace = !deleted.has(path) && !linkPaths.has(path);
    if (!changedInPlace && !plan.sources.includes(path)) {
      continue;
    }
    if ((await workspace.stat(resolved.get(path) as string))?.type === 'symlink') {
      // git apply edits a symlink's text in place and copies or renames it verbatim: the new text
      // (or the old text at a new place) is not visible in the diff, so it cannot be checked.
      throw new AppException('policy_denied', `patch changes an existing symlink: ${path}`);
    }
  }
  const changed = [...gitPaths, ...plan.renameSources].map(
    (path) => resolved.get(checkDiffPath(path)) as string,
  );
  return [...new Set(changed)].sort();
}

async function checkLinkTarget(
  workspace: WorkspaceRuntime,
  path: string,
  target: string | null,
  links: ReadonlySet<string>,
): Promise<void> {
  if (target === null) {
    throw new AppException(
      'policy_denied',
      `patch sets a symlink target that cannot be checked: ${path}`,
    );
  }
  const outside = (cause?: unknown): AppException =>
    new AppException(
      'policy_denied',
      `patch creates a symlink leading outside the workspace: ${path}`,
      { cause },
    );
  if (target === '' || target.includes('\0') || target.startsWith('/')) {
    throw outside();
  }
  const current = posix.dirname(path) === '.' ? [] : posix.dirname(path).split('/');
  for (const segment of target.split('/')) {
    if (segment === '' || segment === '.') {
      continue;
    }
    if (segment !== '..') {
      current.push(segment);
      continue;
    }
    // `..` after a symlink goes to the parent of the link's target, not the lexical parent: any
    // symlink (on disk or made by this patch) before a `..` makes the text uncheckable.
    for (let length = 1; length <= current.length; length++) {
      if (await isSymlink(workspace, current.slice(0, length).join('/'), links)) {
        throw outside();
      }
    }
    if (current.pop() === undefined) {
      throw outside();
    }
  }
  try {
    await workspace.resolve(current.length === 0 ? '.' : current.join('/'));
  } catch (error) {
    if (error instanceof AppException && error.code === 'policy_denied') {
      throw outside(error);
    }
    throw error;
  }
}

async function isSymlink(
  workspace: WorkspaceRuntime,
  path: string,
  links: ReadonlySet<string>,
): Promise<boolean> {
  if (links.has(path)) {
    return true;
  }
  try {
    return (await workspace.stat(path))?.type === 'symlink';
  } catch (error) {
    if (error instanceof AppException && error.code === 'policy_denied') {
      return true;
    }
    throw error;
  }
}

async function resolveInside(workspace: WorkspaceRuntime, path: string): Promise<string> {
  try {
    return await workspace.resolve(path);
  } catch (error) {
    if (error instanceof AppException && error.code === 'policy_denied') {
      throw new AppException('policy_denied', PATCH_OUTSIDE_ALLOWED, { cause: error });
    }
    throw error;
  }
}
