import { lstatSync, realpathSync } from 'node:fs';

/** Enough for every live session of one replica; beyond it the oldest entry is recomputed on use. */
const DEFAULT_MAX_ENTRIES = 4096;

interface CachedRoot {
  real: string;
  dev: number;
  ino: number;
}

/**
 * Real paths of session workspace roots, shared by every invocation of a replica (API.md 7.4
 * step 5 starts from the root's real path). `realpath` of the root walks every ancestor (one
 * syscall per component) on every invocation although nothing an agent runs can change them: the
 * root and its ancestors are created by the service, and a sandboxed program sees only the root's
 * contents (bind-mounted), never its directory entry nor an ancestor.
 *
 * Each use still checks, with one `lstat` of the cached real path (which does not follow a final
 * symlink), that a directory with the same device and inode is there. Whatever replaced or removed
 * the root — a session closed and re-created under the same id (new inode), a root swapped for a
 * symlink (possible only with `WORKSPACE_LOCAL_SANDBOX=off`, where programs run on the host) — makes
 * the entry stale, and the real path is computed afresh, exactly as without the cache. Paths below
 * the root are never cached: the resolver walks them at every use.
 */
export class RealRootCache {
  private readonly entries = new Map<string, CachedRoot>();

  constructor(private readonly maxEntries = DEFAULT_MAX_ENTRIES) {}

  /**
   * The real path of the directory `workspacePath` names now.
   * @throws the `realpath` error (e.g. ENOENT) when it cannot be resolved.
   */
  realPath(workspacePath: string): string {
    const cached = this.entries.get(workspacePath);
    if (cached !== undefined && isSameDirectory(cached)) {
      return cached.real;
    }
    this.entries.delete(workspacePath);
    const real = realpathSync.native(workspacePath);
    const stats = lstatSync(real, { throwIfNoEntry: false });
    // Only a directory seen right after its realpath is remembered; anything else is answered uncached.
    if (stats?.isDirectory()) {
      if (this.entries.size >= this.maxEntries) {
        const oldest = this.entries.keys().next();
        if (oldest.done !== true) {
          this.entries.delete(oldest.value);
        }
      }
      this.entries.set(workspacePath, { real, dev: stats.dev, ino: stats.ino });
    }
    return real;
  }

  /** Number of remembered roots (tests). */
  get size(): number {
    return this.entries.size;
  }
}

function isSameDirectory(cached: CachedRoot): boolean {
  try {
    const stats = lstatSync(cached.real, { throwIfNoEntry: false });
    return (
      stats !== undefined &&
      stats.isDirectory() &&
      stats.dev === cached.dev &&
      stats.ino === cached.ino
    );
  } catch {
    return false;
  }
}
