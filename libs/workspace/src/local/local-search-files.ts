import type { CommandRunner } from '../command-runner.port.js';
import { joinRelative } from './entry-info.js';
import { pathNotFound, statOrNull } from './fs-errors.js';
import { walkRegularFiles, type WalkedFile } from './local-fs-walk.js';
import type { LocatedPath } from './local-path-resolver.js';
import type { CompiledSearchPattern } from './local-search.js';
import type { RipgrepSearch } from './ripgrep-search.js';

/** The start itself when it is a regular file, else the sorted walk below it. */
export async function* regularFilesAt(located: LocatedPath, recursive: boolean) {
  const stats = await statOrNull(located.real);
  if (stats === null) {
    throw pathNotFound(located.relative);
  }
  if (stats.isFile()) {
    yield { relative: located.relative, absolute: located.real };
  } else if (stats.isDirectory()) {
    yield* walkRegularFiles(located.real, located.relative, recursive);
  }
}

/**
 * The files ripgrep nominates below a directory start, in walk order, for re2js to scan; `null`
 * when the walk must run instead (CATALOG.md 4 fs.search "Engine"). A pattern that matches the
 * empty line matches every empty file, which ripgrep (no lines there) never lists: walk.
 */
export async function ripgrepCandidates(
  ripgrep: RipgrepSearch | null,
  runner: CommandRunner,
  search: {
    located: LocatedPath;
    pattern: string;
    compiled: CompiledSearchPattern;
    signal: AbortSignal | undefined;
  },
): Promise<WalkedFile[] | null> {
  const { located, pattern, compiled, signal } = search;
  if (ripgrep === null || compiled.line.test('')) {
    return null;
  }
  const stats = await statOrNull(located.real);
  if (!stats?.isDirectory()) {
    return null;
  }
  const files = await ripgrep.candidates(runner, {
    directory: located.real,
    workspaceRoot: located.root,
    pattern,
    ...(signal === undefined ? {} : { signal }),
  });
  return (
    files?.map((file) => ({
      relative: joinRelative(located.relative, file),
      absolute: `${located.real}/${file}`,
    })) ?? null
  );
}
