import { AppException } from '#app/errors';
import type { WorkspaceRuntime } from '#app/workspace';
import { findSourceFiles } from './source-walk.js';
import { existingPaths } from './workspace-probe.js';

/** Sources are looked for at most this many path segments deep (CATALOG.md 3.9). */
export const C_SOURCE_DEPTH = 3;

function isTestSource(path: string): boolean {
  return path.endsWith('test.c');
}

/**
 * CATALOG.md 3.9. A requested source must end in `.c` and pass the workspace resolver (its existence
 * is left to the compiler). Otherwise `main.c` at the root, else the first non-test `.c` of a sorted
 * walk; with `preferTests`, files ending `_test.c`/`test.c` come first. The result is a relative
 * path safe to hand to a compiler (`./-x.c` for a name starting with `-`).
 *
 * @throws AppException `invalid_argument` (not a `.c` file), `policy_denied` (resolver),
 *   `execution_failed` `no C source file found`
 */
export async function resolveCSource(
  workspace: WorkspaceRuntime,
  options: { requested?: string; preferTests?: boolean; signal?: AbortSignal } = {},
): Promise<string> {
  if (options.requested !== undefined && options.requested !== '') {
    if (!options.requested.endsWith('.c')) {
      throw new AppException('invalid_argument', 'source must be a .c file');
    }
    return programPath(await workspace.resolve(options.requested));
  }
  const sources = await findSourceFiles(workspace, '.c', C_SOURCE_DEPTH, options.signal);
  if (options.preferTests) {
    const test = sources.find(isTestSource);
    if (test !== undefined) {
      return programPath(test);
    }
  }
  if ((await existingPaths(workspace, ['main.c'], options.signal)).has('main.c')) {
    return 'main.c';
  }
  const first = sources.find((path) => !isTestSource(path));
  if (first === undefined) {
    throw new AppException('execution_failed', 'no C source file found');
  }
  return programPath(first);
}

/** CATALOG.md 3.3: a relative path handed to a program never starts with `-`. */
export function programPath(relative: string): string {
  return relative.startsWith('-') ? `./${relative}` : relative;
}
