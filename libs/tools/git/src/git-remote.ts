import type { GitCommand } from './git-command.js';

/**
 * For a local transport (`file://` or a path) git starts `git-receive-pack` itself, inside the
 * target repository and with that repository's config: its hooks would run on this host. Such a
 * target can be a repository laid out inside the workspace by a caller, so for local targets the
 * receiving side gets hooks disabled too. Remote servers (ssh, https) keep their own hooks.
 */
export async function receivePackOptions(git: GitCommand, remote: string): Promise<string[]> {
  const urls = await remoteUrls(git, remote);
  return urls.some(isLocalUrl)
    ? ['--receive-pack=git -c core.hooksPath=/dev/null -c core.fsmonitor=false receive-pack']
    : [];
}

/** Push URLs of a configured remote (insteadOf applied), else the URL git would use for `remote`. */
async function remoteUrls(git: GitCommand, remote: string): Promise<string[]> {
  const configured = await git.run(['remote', 'get-url', '--push', '--all', remote], { log: false });
  if (configured.exit_code === 0) {
    return lines(configured.output);
  }
  const direct = await git.run(['ls-remote', '--get-url', remote], { log: false });
  return direct.exit_code === 0 ? lines(direct.output) : [remote];
}

/** git's own rule: a URL without `://` whose first `:` does not come before a `/` is a path. */
export function isLocalUrl(url: string): boolean {
  if (url.startsWith('file://')) {
    return true;
  }
  if (url.includes('://')) {
    return false;
  }
  const colon = url.indexOf(':');
  const slash = url.indexOf('/');
  return colon === -1 || (slash !== -1 && slash < colon);
}

function lines(text: string): string[] {
  return text.split('\n').map((line) => line.trim()).filter((line) => line !== '');
}
