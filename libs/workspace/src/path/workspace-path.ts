import { AppException } from '#app/errors';

export const PATH_ESCAPES = 'path escapes workspace';
export const PATH_OUTSIDE_ALLOWED = 'path outside allowed_paths';

/**
 * Steps 1–4 of the workspace path resolver (API.md 7.4): purely lexical, the same for every runtime.
 * Returns the normalised workspace-relative path (`.` for the root) or throws `policy_denied`.
 * Real-path containment (step 5) is the runtime's job because only it can see the files.
 */
export function resolveLexicalPath(
  rawPath: string,
  workspacePath: string,
  allowedPaths: readonly string[],
): string {
  const relative = normaliseWorkspacePath(rawPath, workspacePath);
  if (!isLexicallyAllowed(relative, allowedPaths)) {
    throw new AppException('policy_denied', PATH_OUTSIDE_ALLOWED);
  }
  return relative;
}

/** Steps 1–3: NUL, foreign absolute paths and `..` segments are refused. */
export function normaliseWorkspacePath(rawPath: string, workspacePath: string): string {
  if (rawPath.includes('\0')) {
    throw new AppException('policy_denied', PATH_ESCAPES);
  }
  let path = rawPath;
  if (path.startsWith('/')) {
    const root = workspacePath.replace(/\/+$/, '');
    if (path === root) {
      return '.';
    }
    if (!path.startsWith(`${root}/`)) {
      throw new AppException('policy_denied', PATH_ESCAPES);
    }
    path = path.slice(root.length + 1);
  }
  const segments = path.split('/').filter((segment) => segment !== '' && segment !== '.');
  if (segments.includes('..')) {
    throw new AppException('policy_denied', PATH_ESCAPES);
  }
  return segments.length === 0 ? '.' : segments.join('/');
}

/** Step 4: an entry `.` allows all; otherwise the entry must equal the path or be a `/`-prefix of it. */
export function isLexicallyAllowed(relative: string, allowedPaths: readonly string[]): boolean {
  return allowedPaths.some(
    (entry) => entry === '.' || entry === relative || relative.startsWith(`${entry}/`),
  );
}

/** Normalises one `allowed_paths` entry at session creation; `null` when it is not acceptable. */
export function normaliseAllowedPathEntry(entry: string): string | null {
  if (entry.includes('\0') || entry.startsWith('/')) {
    return null;
  }
  const segments = entry.split('/').filter((segment) => segment !== '' && segment !== '.');
  if (segments.includes('..')) {
    return null;
  }
  return segments.length === 0 ? '.' : segments.join('/');
}
