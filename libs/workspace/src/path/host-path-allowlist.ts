import { sep } from 'node:path';

/** `path` equals `root` or lies below it (both absolute and already resolved). */
export function isWithinPath(root: string, path: string): boolean {
  return path === root || path.startsWith(root.endsWith(sep) ? root : root + sep);
}

/**
 * CONFIG.md 2.2 `WORKSPACE_SOURCE_REPO_ALLOWLIST` for one resolved host path: the path must equal an
 * absolute-path entry or lie below it (URL entries of the list never match a path), and must not lie
 * inside a protected root (the workspace root with every session's workspace, the artifact root)
 * even when an entry covers it.
 */
export function isHostPathAllowlisted(
  resolved: string,
  allowlist: readonly string[],
  protectedRoots: readonly string[],
): boolean {
  if (protectedRoots.some((root) => isWithinPath(root, resolved) || isWithinPath(resolved, root))) {
    return false;
  }
  return allowlist.some((entry) => entry.startsWith('/') && isWithinPath(entry, resolved));
}
