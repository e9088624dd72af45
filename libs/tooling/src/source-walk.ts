import { AppException } from '#app/errors';
import type { WorkspaceRuntime } from '#app/workspace';
import { isRemote, isSkippedDirectory, runProbe } from './workspace-probe.js';

const MAX_LISTED_ENTRIES = 10_000;

/**
 * Workspace-relative files named `*<suffix>` at most `maxDepth` path segments deep (`a.c` is depth 1),
 * skipping `.git*`, `node_modules` and `vendor`, sorted by path. Kubernetes sessions walk in the pod
 * with `find`. Directories hidden by `allowed_paths` are skipped.
 */
export async function findSourceFiles(
  workspace: WorkspaceRuntime,
  suffix: string,
  maxDepth: number,
  signal?: AbortSignal,
): Promise<string[]> {
  if (isRemote(workspace)) {
    const script =
      `find . -maxdepth ${maxDepth} \\( -name '.git*' -o -name node_modules -o -name vendor \\) -prune ` +
      `-o -type f -name '*${suffix.replaceAll("'", '')}' -print 2>/dev/null | sort | head -n 100`;
    return (await runProbe(workspace, script, signal))
      .map((line) => line.replace(/^\.\//, ''))
      .sort(byteOrder);
  }
  const found: string[] = [];
  await walk(workspace, '.', 1, maxDepth, suffix, found);
  return found.sort(byteOrder);
}

async function walk(
  workspace: WorkspaceRuntime,
  dir: string,
  depth: number,
  maxDepth: number,
  suffix: string,
  found: string[],
): Promise<void> {
  let entries;
  try {
    ({ entries } = await workspace.list(dir, { recursive: false, maxEntries: MAX_LISTED_ENTRIES }));
  } catch (error) {
    if (
      error instanceof AppException &&
      (error.code === 'policy_denied' || error.code === 'not_found')
    ) {
      return;
    }
    throw error;
  }
  for (const entry of entries) {
    const name = entry.path.slice(entry.path.lastIndexOf('/') + 1);
    if (entry.type === 'file' && name.endsWith(suffix)) {
      found.push(entry.path);
    } else if (entry.type === 'dir' && depth < maxDepth && !isSkippedDirectory(name)) {
      await walk(workspace, entry.path, depth + 1, maxDepth, suffix, found);
    }
  }
}

export function byteOrder(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
