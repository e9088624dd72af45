import { realpath, stat } from 'node:fs/promises';
import { isAbsolute, normalize, sep } from 'node:path';
import { AppException } from '#app/errors';

export interface RepoSourcePolicy {
  backend: 'local' | 'kubernetes';
  authMode: 'payload' | 'trusted_headers';
  /** Entries resolved at startup where they exist (CONFIG.md 2.2). */
  allowlist: readonly string[];
}

const REMOTE_URL = /^(https?|ssh|git):\/\/[^\s]+$/i;
const SCP_STYLE = /^[A-Za-z0-9._-]+@[A-Za-z0-9.-]+:[^\s]+$/;

/** Returns the local directory to clone from when `repo_url` is a local form, after its checks. */
export async function checkRepoUrl(url: string, policy: RepoSourcePolicy): Promise<void> {
  if (url.length > 2048) {
    throw new AppException('invalid_argument', 'repo_url must be at most 2048 characters');
  }
  if (REMOTE_URL.test(url) || (SCP_STYLE.test(url) && !url.startsWith('-'))) {
    return;
  }
  const localPath = url.startsWith('file://') ? url.slice('file://'.length) : url;
  if (!isAbsolute(localPath) || url.startsWith('-')) {
    throw new AppException('invalid_argument', 'repo_url must be an https, http, ssh, git or scp-style URL');
  }
  if (policy.backend === 'kubernetes') {
    throw new AppException('invalid_argument', 'local repo_url forms are not supported by the kubernetes backend');
  }
  await checkAllowlisted(localPath, policy, 'repo_url');
}

/** API.md 5.6 `source_repo_path`: a directory, inside the allowlist, local backend only. */
export async function checkSourceRepoPath(path: string, policy: RepoSourcePolicy): Promise<string> {
  if (policy.backend === 'kubernetes') {
    throw new AppException('invalid_argument', 'source_repo_path is not supported by the kubernetes backend');
  }
  const info = await stat(path).catch(() => null);
  if (!info?.isDirectory()) {
    throw new AppException('invalid_argument', 'source_repo_path is not a directory');
  }
  return checkAllowlisted(path, policy, 'source_repo_path');
}

async function checkAllowlisted(path: string, policy: RepoSourcePolicy, field: string): Promise<string> {
  const resolved = await realpath(path).catch(() => normalize(path));
  if (policy.allowlist.length === 0) {
    if (policy.authMode === 'trusted_headers') {
      throw new AppException('policy_denied', `${field} is disabled`);
    }
    return resolved;
  }
  const inside = policy.allowlist.some((entry) => resolved === entry || resolved.startsWith(entry.endsWith(sep) ? entry : entry + sep));
  if (!inside) {
    throw new AppException('policy_denied', `${field} outside allowlist`);
  }
  return resolved;
}
