import { AppException } from '#app/errors';
import type { WorkspaceRuntime } from '#app/workspace';

/** Cap on the output of a detection probe run in a pod (CATALOG.md 3.6). */
export const PROBE_OUTPUT_CAP = 4096;
const PROBE_TIMEOUT_MS = 15_000;

/** Directory names a source walk never descends into (CATALOG.md 3.6, 3.9). */
export function isSkippedDirectory(name: string): boolean {
  return name.startsWith('.git') || name === 'node_modules' || name === 'vendor';
}

/**
 * Runs a fixed POSIX shell script (never caller text) in the workspace without a log line, for the
 * checks kubernetes sessions perform in the pod. Returns the output lines.
 */
export async function runProbe(
  workspace: WorkspaceRuntime,
  script: string,
  signal?: AbortSignal,
): Promise<string[]> {
  const result = await workspace.exec('sh', ['-c', script], {
    timeoutMs: PROBE_TIMEOUT_MS,
    outputCapBytes: PROBE_OUTPUT_CAP,
    signal,
  });
  return result.output
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '');
}

/** True when the session runs in a pod: checks then go through the runner, not the service's disk. */
export function isRemote(workspace: WorkspaceRuntime): boolean {
  return workspace.session.runtime.kind === 'kubernetes';
}

/**
 * Whether each workspace-relative path exists (any entry type). Local sessions use `stat`; a path
 * the session's `allowed_paths` hides, and every kubernetes check, goes through one shell probe.
 */
export async function existingPaths(
  workspace: WorkspaceRuntime,
  paths: readonly string[],
  signal?: AbortSignal,
): Promise<Set<string>> {
  const found = new Set<string>();
  const unresolved: string[] = [];
  for (const path of paths) {
    if (isRemote(workspace)) {
      unresolved.push(path);
      continue;
    }
    try {
      if ((await workspace.stat(path)) !== null) {
        found.add(path);
      }
    } catch (error) {
      if (!(error instanceof AppException && error.code === 'policy_denied')) {
        throw error;
      }
      unresolved.push(path);
    }
  }
  if (unresolved.length > 0) {
    // The names are our own constants; quoting keeps the script inert all the same.
    const script = unresolved
      .map((path) => `[ -e '${path.replaceAll("'", '')}' ] && echo '${path.replaceAll("'", '')}'`)
      .join('; ');
    for (const line of await runProbe(workspace, `${script}; true`, signal)) {
      found.add(line);
    }
  }
  return found;
}
