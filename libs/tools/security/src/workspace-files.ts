import type { WorkspaceRuntime } from '#app/workspace';

/** Joins a resolved workspace-relative directory and a child name (`.` is the root). */
export function childPath(directory: string, name: string): string {
  return directory === '.' || directory === '' ? name : `${directory}/${name}`;
}

export function baseName(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1);
}

export interface WalkOptions {
  /** 1 = only the files directly in the directory. */
  maxDepth: number;
  maxFiles: number;
  /** Directories whose name matches are not entered (pruned, not just filtered). */
  skipDirectory: (name: string) => boolean;
  /** Files kept; others are not counted against `maxFiles`. */
  matches?: (path: string) => boolean;
  signal?: AbortSignal;
}

export interface WalkedFile {
  path: string;
  size_bytes: number;
}

// Per-directory listing cap: a directory with more children is reported as truncated.
const MAX_ENTRIES_PER_DIRECTORY = 10_000;

/**
 * Regular files below a directory, depth-first in byte order, through the session runtime. Unlike
 * `listFiles` it prunes skipped directories (a `node_modules` tree is never walked) and symlinks are
 * never followed.
 */
export async function walkFiles(
  workspace: WorkspaceRuntime,
  directory: string,
  options: WalkOptions,
): Promise<{ files: WalkedFile[]; truncated: boolean }> {
  const files: WalkedFile[] = [];
  let truncated = false;
  const visit = async (current: string, depth: number): Promise<boolean> => {
    const listing = await workspace.list(current, {
      recursive: false,
      maxEntries: MAX_ENTRIES_PER_DIRECTORY,
    });
    truncated ||= listing.truncated;
    for (const entry of listing.entries) {
      if (options.signal?.aborted === true) {
        truncated = true;
        return false;
      }
      if (
        entry.type === 'dir' &&
        depth < options.maxDepth &&
        !options.skipDirectory(baseName(entry.path))
      ) {
        if (!(await visit(entry.path, depth + 1))) {
          return false;
        }
      } else if (entry.type === 'file' && (options.matches?.(entry.path) ?? true)) {
        if (files.length === options.maxFiles) {
          truncated = true;
          return false;
        }
        files.push({ path: entry.path, size_bytes: entry.size_bytes });
      }
    }
    return true;
  };
  await visit(directory, 1);
  return { files, truncated };
}
