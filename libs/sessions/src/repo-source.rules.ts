import { realpath, stat } from 'node:fs/promises';
import { isAbsolute, normalize } from 'node:path';
import { AppException } from '#app/errors';
import { classifyRemoteHost, isHostPathAllowlisted, isWithinPath } from '#app/workspace';

export interface RepoSourcePolicy {
  backend: 'local' | 'kubernetes';
  authMode: 'payload' | 'trusted_headers';
  /** Entries resolved at startup where they exist (CONFIG.md 2.2): absolute paths and URL prefixes. */
  allowlist: readonly string[];
  /** Never a source, even when allowlisted: every session's workspace and the artifact store. */
  protectedRoots?: readonly string[];
  /** Name resolution (tests substitute it); default getaddrinfo with a 5 s deadline. */
  resolve?: (host: string) => Promise<string[] | null>;
}

const REMOTE_URL = /^(https?|ssh|git):\/\/[^\s]+$/i;
const SCP_STYLE = /^[A-Za-z0-9._-]+@[A-Za-z0-9.-]+:[^\s]+$/;

/**
 * API.md 5.6 `repo_url`. Remote forms must name a host that resolves only to public addresses
 * unless the URL lies under a URL entry of the allowlist; local forms must pass the path
 * allowlist. Returns the real path of an accepted local form (cloned and bound from there).
 * @param options.resolveHost `false` when nothing will be cloned (the source copy wins)
 */
export async function checkRepoUrl(
  url: string,
  policy: RepoSourcePolicy,
  options: { resolveHost?: boolean } = {},
): Promise<string | undefined> {
  if (url.length > 2048) {
    throw new AppException('invalid_argument', 'repo_url must be at most 2048 characters');
  }
  if (REMOTE_URL.test(url) || (SCP_STYLE.test(url) && !url.startsWith('-'))) {
    if (options.resolveHost !== false) {
      await checkRemoteHost(url, policy);
    }
    return undefined;
  }
  const localPath = url.startsWith('file://') ? url.slice('file://'.length) : url;
  if (!isAbsolute(localPath) || url.startsWith('-')) {
    throw new AppException(
      'invalid_argument',
      'repo_url must be an https, http, ssh, git or scp-style URL',
    );
  }
  if (policy.backend === 'kubernetes') {
    throw new AppException(
      'invalid_argument',
      'local repo_url forms are not supported by the kubernetes backend',
    );
  }
  if (localPath.includes('%')) {
    // git would decode what we compared undecoded.
    throw new AppException('policy_denied', 'repo_url outside allowlist');
  }
  return checkAllowlisted(localPath, policy, 'repo_url');
}

/** API.md 5.6 `source_repo_path`: a directory, inside the allowlist, local backend only. */
export async function checkSourceRepoPath(path: string, policy: RepoSourcePolicy): Promise<string> {
  if (policy.backend === 'kubernetes') {
    throw new AppException(
      'invalid_argument',
      'source_repo_path is not supported by the kubernetes backend',
    );
  }
  const info = await stat(path).catch(() => null);
  if (!info?.isDirectory()) {
    throw new AppException('invalid_argument', 'source_repo_path is not a directory');
  }
  return checkAllowlisted(path, policy, 'source_repo_path');
}

async function checkAllowlisted(
  path: string,
  policy: RepoSourcePolicy,
  field: string,
): Promise<string> {
  const resolved = await realpath(path).catch(() => normalize(path));
  const protectedRoots = policy.protectedRoots ?? [];
  // Another session's workspace (or the artifact store) is never a source, allowlisted or not.
  if (protectedRoots.some((root) => isWithinPath(root, resolved) || isWithinPath(resolved, root))) {
    throw new AppException('policy_denied', `${field} outside allowlist`);
  }
  const pathEntries = policy.allowlist.filter((entry) => entry.startsWith('/'));
  if (pathEntries.length === 0) {
    if (policy.authMode === 'trusted_headers') {
      throw new AppException('policy_denied', `${field} is disabled`);
    }
    return resolved;
  }
  if (!isHostPathAllowlisted(resolved, pathEntries, protectedRoots)) {
    throw new AppException('policy_denied', `${field} outside allowlist`);
  }
  return resolved;
}

/**
 * Finding 18: loopback, link-local and private hosts (any spelling getaddrinfo accepts, names
 * resolving there) are refused unless a URL entry of the allowlist covers the URL. The address is
 * resolved here and again by git: a name whose records change in between (DNS rebinding) is a
 * remaining limit (docs/SECURITY.md).
 * @throws AppException `policy_denied` `repo_url host not allowed`
 */
async function checkRemoteHost(url: string, policy: RepoSourcePolicy): Promise<void> {
  const verdict = await classifyRemoteHost(url, policy.allowlist, policy.resolve);
  if (verdict.kind === 'unparsable') {
    throw new AppException(
      'invalid_argument',
      'repo_url must be an https, http, ssh, git or scp-style URL',
    );
  }
  if (verdict.kind === 'internal') {
    throw new AppException('policy_denied', 'repo_url host not allowed');
  }
  if (verdict.kind === 'unresolved') {
    throw new AppException('invalid_argument', `repo_url host does not resolve: ${verdict.host}`);
  }
}
