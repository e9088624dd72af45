import { lstatSync, readlinkSync, realpathSync, type Stats } from 'node:fs';
import { posix } from 'node:path';

import type { CommandRequest } from '../command-runner.port.js';

/**
 * Host directories a program may need to run (binaries, libraries, configuration, optional
 * toolchains), mounted read-only. Deliberately not `/` as a whole: /home, /root, /var, /run, /srv,
 * /mnt, /media, /boot, /work and the host's /proc and /sys stay invisible.
 */
export const TOOLCHAIN_DIRS: readonly string[] = Object.freeze([
  '/usr',
  '/bin',
  '/sbin',
  '/lib',
  '/lib32',
  '/lib64',
  '/libx32',
  '/etc',
  '/opt',
]);

/** Files and directories under /etc that hold host secrets rather than toolchain configuration. */
const MASKED_ETC_FILES: readonly string[] = [
  '/etc/shadow',
  '/etc/shadow-',
  '/etc/gshadow',
  '/etc/gshadow-',
];
const MASKED_ETC_DIRS: readonly string[] = ['/etc/ssh', '/etc/ssl/private'];

/** The private home inside the sandbox (on the private `/tmp`). */
export const SANDBOX_HOME = '/tmp/home';

export interface SandboxLayoutOptions {
  /**
   * Host directories that must stay invisible wherever they are configured: `WORKSPACE_ROOT`,
   * `ARTIFACT_ROOT`, the service's working directory and home. Under a bound toolchain directory
   * they are covered by an empty tmpfs; elsewhere they are simply not mounted.
   */
  hiddenPaths: readonly string[];
  /** The service's `PATH`; entries outside the toolchain directories are dropped inside. */
  searchPath: readonly string[];
  /** Default {@link TOOLCHAIN_DIRS}; tests pass their own. */
  toolchainDirs?: readonly string[];
}

interface ToolchainMount {
  path: string;
  /** Real path of the directory (what a bound path resolves to), or the link for a symlink. */
  args: string[];
  real: string;
}

/**
 * What a sandboxed program sees of the host (docs/SANDBOX.md), computed once at startup from the
 * host's layout: `bwrap` mount arguments per request, and the `PATH` inside.
 */
export class SandboxLayout {
  private readonly toolchain: ToolchainMount[];
  private readonly hidden: string[];
  /** `PATH` inside the sandbox: the service's entries that lie in a bound toolchain directory. */
  readonly searchPath: string;

  constructor(options: SandboxLayoutOptions) {
    this.toolchain = (options.toolchainDirs ?? TOOLCHAIN_DIRS).flatMap(toolchainMount);
    const hidden = options.hiddenPaths.flatMap(pathForms).filter((path) => path !== '/');
    this.hidden = [...new Set(hidden)].sort();
    this.searchPath = options.searchPath
      .filter(
        (entry) =>
          posix.isAbsolute(entry) && this.isBound(entry) && !hidden.some((h) => isWithin(entry, h)),
      )
      .filter((entry, index, all) => all.indexOf(entry) === index)
      .join(':');
  }

  /**
   * Mount arguments, in order: toolchain read-only, fresh /proc and /dev, private /tmp and home,
   * masks over hidden directories, the program itself when it lives elsewhere, then the writable
   * workspace and the request's extra mounts (bwrap creates their parents on the tmpfs).
   */
  mountArgs(
    request: Pick<CommandRequest, 'command' | 'cwd' | 'workspaceRoot' | 'extraMounts'>,
  ): string[] {
    const writable = request.workspaceRoot ?? request.cwd;
    return [
      ...this.toolchain.flatMap((mount) => mount.args),
      ...MASKED_ETC_FILES.filter(exists).flatMap((file) => ['--ro-bind', '/dev/null', file]),
      ...MASKED_ETC_DIRS.filter(isDirectory).flatMap((dir) => ['--tmpfs', dir]),
      '--proc',
      '/proc',
      '--dev',
      '/dev',
      '--tmpfs',
      '/tmp',
      '--dir',
      SANDBOX_HOME,
      ...this.masks().flatMap((path) => ['--tmpfs', path]),
      ...this.programMount(request.command),
      '--bind',
      writable,
      writable,
      ...(request.extraMounts ?? []).flatMap((mount) => [
        mount.writable ? '--bind' : '--ro-bind',
        mount.path,
        mount.path,
      ]),
    ];
  }

  // Checked per request: the roots may be created after startup, and a mask needs a directory.
  private masks(): string[] {
    return this.hidden.filter((path) => this.isBound(path) && isDirectory(path));
  }

  /** True when `path` (absolute) lies inside a bound toolchain directory, by name or real path. */
  isBound(path: string): boolean {
    return this.toolchain.some((mount) => isWithin(path, mount.path) || isWithin(path, mount.real));
  }

  /**
   * A program named by an absolute path outside the toolchain (the Node binary of the service's
   * `node_modules/node`, say) gets that one file, read-only, at the same path: never the directory
   * around it, so the service's checkout stays invisible.
   */
  private programMount(command: string): string[] {
    if (!posix.isAbsolute(command) || this.isBound(command)) {
      return [];
    }
    const real = realOrNull(command);
    return real === null ? [] : ['--ro-bind', real, command];
  }
}

function toolchainMount(dir: string): ToolchainMount[] {
  const stats = lstatOrNull(dir);
  if (stats === null) {
    return [];
  }
  if (stats.isSymbolicLink()) {
    // Merged /usr: /bin -> usr/bin stays a link, so paths through it keep resolving inside.
    const real = realOrNull(dir);
    return real === null ? [] : [{ path: dir, real, args: ['--symlink', readlinkSync(dir), dir] }];
  }
  return stats.isDirectory()
    ? [{ path: dir, real: realOrNull(dir) ?? dir, args: ['--ro-bind', dir, dir] }]
    : [];
}

function pathForms(path: string): string[] {
  const cleaned = posix.resolve(path);
  const real = realOrNull(cleaned);
  return real === null || real === cleaned ? [cleaned] : [cleaned, real];
}

export function isWithin(path: string, dir: string): boolean {
  return path === dir || path.startsWith(dir.endsWith('/') ? dir : `${dir}/`);
}

function lstatOrNull(path: string): Stats | null {
  try {
    return lstatSync(path);
  } catch {
    return null;
  }
}

function realOrNull(path: string): string | null {
  try {
    return realpathSync(path);
  } catch {
    return null;
  }
}

function exists(path: string): boolean {
  return lstatOrNull(path) !== null;
}

function isDirectory(path: string): boolean {
  return lstatOrNull(path)?.isDirectory() === true;
}
