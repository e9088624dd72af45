import { posix } from 'node:path';

import type { CommandRequest } from '../command-runner.port.js';
import { isWithin, SANDBOX_HOME, type SandboxLayout } from './sandbox-layout.js';

/**
 * Defaults for tools that keep caches and state under `$HOME` or `/tmp`: everything lands on the
 * sandbox's private `/tmp`, which does not survive the command (docs/SANDBOX.md).
 */
const SANDBOX_DEFAULT_ENV: Readonly<Record<string, string>> = Object.freeze({
  XDG_CACHE_HOME: '/tmp/.cache',
  XDG_CONFIG_HOME: '/tmp/.config',
  npm_config_cache: '/tmp/.npm',
  npm_config_update_notifier: 'false',
  PIP_CACHE_DIR: '/tmp/.cache/pip',
  GOPATH: `${SANDBOX_HOME}/go`,
  CARGO_HOME: `${SANDBOX_HOME}/.cargo`,
});

// HOME, TMPDIR and PATH always point inside: the service's own (host) values would name
// directories that are invisible or, worse, the service's checkout.
export function sandboxEnvironment(
  layout: SandboxLayout,
  request: CommandRequest,
): Record<string, string> {
  const requested = request.env?.['PATH'];
  const visible = (entry: string): boolean =>
    layout.isBound(entry) ||
    isWithin(entry, request.workspaceRoot ?? request.cwd) ||
    (request.extraMounts ?? []).some((mount) => isWithin(entry, mount.path));
  const path =
    requested === undefined
      ? layout.searchPath
      : requested
          .split(':')
          .filter((entry) => posix.isAbsolute(entry) && visible(entry))
          .join(':');
  return {
    ...SANDBOX_DEFAULT_ENV,
    ...request.env,
    HOME: SANDBOX_HOME,
    TMPDIR: '/tmp',
    PATH: path,
  };
}
