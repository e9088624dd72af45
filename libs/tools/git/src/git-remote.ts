import { realpath } from 'node:fs/promises';
import { posix } from 'node:path';

import type { AppConfig } from '#app/config';
import { AppException } from '#app/errors';
import type { ToolContext } from '#app/tool-registry';
import {
  classifyRemoteHost,
  isHostPathAllowlisted,
  PATH_ESCAPES,
  type HostMount,
} from '#app/workspace';
import type { GitCommand } from './git-command.js';
import { assertGitDirContained } from './git-repo-guard.js';

/** Which side of the transport runs in the remote repository: upload-pack (read) or receive-pack. */
export type RemoteAccess = 'read' | 'write';

/** What `git.fetch`/`git.pull`/`git.push` add for one remote after {@link planRemote} accepted it. */
export interface RemotePlan {
  /** `--upload-pack=…` (read) or `--receive-pack=…` (write): the command line beats repository config. */
  options: string[];
  /** Host repositories outside the workspace the sandbox must bind (allowlisted, real paths). */
  mounts: HostMount[];
}

/** CATALOG.md 5 "Remotes": the host paths a local remote may reach outside its own workspace. */
export interface GitRemotePolicy {
  /** `WORKSPACE_SOURCE_REPO_ALLOWLIST` (real paths; URL entries never match a path). */
  allowlist: readonly string[];
  /** Never reachable, even when allowlisted: every session's workspace and the artifact store. */
  protectedRoots: readonly string[];
  /** Name resolution (tests substitute it); default getaddrinfo with a 5 s deadline. */
  resolve?: (host: string) => Promise<string[] | null>;
}

export function remotePolicyOf(config: AppConfig): GitRemotePolicy {
  return {
    allowlist: config.workspace.sourceRepoAllowlist,
    protectedRoots: [config.workspace.root, config.workspace.artifactRoot],
  };
}

// A remote whose receiving side is a local repository runs git-receive-pack on this host with that
// repository's config: hooks, fsmonitor and alternate-refs commands are switched off on that side.
const LOCAL_RECEIVE_PACK =
  '--receive-pack=git -c core.hooksPath=/dev/null -c core.fsmonitor=false -c core.alternateRefsCommand= receive-pack';
// `remote.<name>.uploadpack` of the repository wins over any `-c` override (git keeps the first
// value): only the command-line option beats it.
const UPLOAD_PACK = '--upload-pack=git-upload-pack';
const RECEIVE_PACK = '--receive-pack=git-receive-pack';
// `<transport>::<address>` runs the remote helper `git-remote-<transport>` (`ext::` runs a command).
const HELPER_TRANSPORT = /^[A-Za-z][A-Za-z0-9+.-]*::/;

/**
 * Checks every URL git will use for `remote` (configured URLs with `insteadOf`/`pushInsteadOf`
 * applied, or the argument itself) before the transport runs: no remote-helper transport, and a
 * local repository (a path or `file://`) only inside the session's own workspace or, on the local
 * backend, under `WORKSPACE_SOURCE_REPO_ALLOWLIST` (never inside the workspace or artifact roots).
 * @throws AppException `policy_denied` `remote transport not allowed` / `remote outside allowlist` /
 * `path outside allowed_paths`
 */
export async function planRemote(
  git: GitCommand,
  ctx: Pick<ToolContext, 'workspace' | 'session'>,
  policy: GitRemotePolicy,
  remote: string,
  access: RemoteAccess,
): Promise<RemotePlan> {
  const mounts = new Map<string, HostMount>();
  let local = false;
  for (const url of await remoteUrls(git, remote, access)) {
    if (HELPER_TRANSPORT.test(url)) {
      throw new AppException('policy_denied', 'remote transport not allowed');
    }
    if (!isLocalUrl(url)) {
      await assertPublicHost(url, policy);
      continue;
    }
    local = true;
    for (const path of await hostPathsOutside(ctx, policy, localPath(url))) {
      mounts.set(path, { path, writable: access === 'write' });
    }
  }
  const option = access === 'read' ? UPLOAD_PACK : local ? LOCAL_RECEIVE_PACK : RECEIVE_PACK;
  return { options: [option], mounts: [...mounts.values()] };
}

/**
 * A network remote must not reach loopback, link-local or private hosts (the service's own
 * neighbours: Valkey, cloud metadata, ...) unless a URL entry of `WORKSPACE_SOURCE_REPO_ALLOWLIST`
 * covers it, as for `repo_url`. A host that does not resolve is left to git (it fails the same way).
 */
async function assertPublicHost(url: string, policy: GitRemotePolicy): Promise<void> {
  const verdict = await classifyRemoteHost(url, policy.allowlist, policy.resolve);
  if (verdict.kind === 'internal' || verdict.kind === 'unparsable') {
    throw new AppException('policy_denied', 'remote host not allowed');
  }
}

/** URLs of a configured remote (insteadOf applied), else the URL git would use for `remote`. */
async function remoteUrls(
  git: GitCommand,
  remote: string,
  access: RemoteAccess,
): Promise<string[]> {
  const push = access === 'write' ? ['--push'] : [];
  const configured = await git.run(['remote', 'get-url', ...push, '--all', remote], { log: false });
  if (configured.exit_code === 0) {
    return lines(configured.output);
  }
  const direct = await git.run(['ls-remote', '--get-url', remote], { log: false });
  return direct.exit_code === 0 ? lines(direct.output) : [remote];
}

/** git's own rule: a URL without `://` whose first `:` does not come before a `/` is a path. */
export function isLocalUrl(url: string): boolean {
  if (/^file:\/\//i.test(url)) {
    return true;
  }
  if (url.includes('://')) {
    return false;
  }
  const colon = url.indexOf(':');
  const slash = url.indexOf('/');
  return colon === -1 || (slash !== -1 && slash < colon);
}

function localPath(url: string): string {
  if (url.startsWith('~')) {
    // git-upload-pack expands `~/x` and `~user/x` to a home directory, not `<workspace>/~`.
    throw new AppException('policy_denied', 'remote outside allowlist');
  }
  if (!/^file:\/\//i.test(url)) {
    return url;
  }
  const path = url.slice('file://'.length);
  // `file://host/x` and percent-escapes would make git open another path than the one checked.
  if (!path.startsWith('/') || path.includes('%')) {
    throw new AppException('policy_denied', 'remote outside allowlist');
  }
  return path;
}

/**
 * Every place git may open for a local repository `path` (it tries `<p>/.git`, `<p>`, `<p>.git/.git`,
 * `<p>.git`): each must be inside the workspace (by real path) or an allowlisted host directory.
 * Returns the host directories outside the workspace (to bind into a sandbox).
 */
async function hostPathsOutside(
  ctx: Pick<ToolContext, 'workspace' | 'session'>,
  policy: GitRemotePolicy,
  path: string,
): Promise<string[]> {
  const absolute = posix.resolve(ctx.session.workspace_path, path);
  const outside: string[] = [];
  for (const candidate of [
    absolute,
    `${absolute}/.git`,
    `${absolute}.git`,
    `${absolute}.git/.git`,
  ]) {
    if (await isInsideWorkspace(ctx, candidate)) {
      continue;
    }
    if (ctx.session.runtime.kind !== 'local') {
      throw new AppException('policy_denied', 'remote outside allowlist');
    }
    const real = await realpath(candidate).catch(() => null);
    if (real === null) {
      // Missing now, so nothing to read; but the path as given must still be one we would allow
      // (fail closed: it could appear before git looks). Suffixed variants only count when present.
      if (
        candidate === absolute &&
        !isHostPathAllowlisted(candidate, policy.allowlist, policy.protectedRoots)
      ) {
        throw new AppException('policy_denied', 'remote outside allowlist');
      }
      continue;
    }
    if (!isHostPathAllowlisted(real, policy.allowlist, policy.protectedRoots)) {
      throw new AppException('policy_denied', 'remote outside allowlist');
    }
    if (real !== candidate) {
      // The sandbox binds the real path only; a symlinked spelling would point at nothing there.
      throw new AppException('policy_denied', 'remote path must be given as its real path');
    }
    outside.push(real);
  }
  // `<p>/.git` lives inside the `<p>` mount.
  return outside.filter(
    (dir) => !outside.some((other) => other !== dir && dir.startsWith(`${other}/`)),
  );
}

/** `path outside allowed_paths` propagates: a remote inside the workspace is still a workspace path. */
async function isInsideWorkspace(
  ctx: Pick<ToolContext, 'workspace'>,
  path: string,
): Promise<boolean> {
  let resolved: string;
  try {
    resolved = await ctx.workspace.resolve(path);
  } catch (error) {
    if (
      error instanceof AppException &&
      error.code === 'policy_denied' &&
      error.message === PATH_ESCAPES
    ) {
      return false;
    }
    throw error;
  }
  // A repository inside the workspace may still point out of it (alternates, commondir, gitfile,
  // a linked `objects`): git-upload-pack/receive-pack would follow those pointers. Refused as such.
  await assertGitDirContained(ctx.workspace, resolved);
  return true;
}

function lines(text: string): string[] {
  return text
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '');
}
