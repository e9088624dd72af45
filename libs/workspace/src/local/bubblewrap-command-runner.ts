import { CommandRunner, type CommandRequest } from '../command-runner.port.js';
import type { ExecResult } from '../workspace-runtime.port.js';

export type LocalSandboxMode = 'auto' | 'off';

/**
 * Caches and tool state go to the sandbox's private `/tmp` (the host, `$HOME` included, is
 * read-only inside). They do not survive the command: see docs/SANDBOX.md.
 */
const SANDBOX_ENV: Readonly<Record<string, string>> = Object.freeze({
  XDG_CACHE_HOME: '/tmp/.cache',
  XDG_CONFIG_HOME: '/tmp/.config',
  npm_config_cache: '/tmp/.npm',
  npm_config_update_notifier: 'false',
  PIP_CACHE_DIR: '/tmp/.cache/pip',
});

const PROBE_TIMEOUT_MS = 5000;

/**
 * Runs every command of a local session inside a bubblewrap sandbox (docs/SANDBOX.md): the host
 * is mounted read-only, only the session workspace is writable, `/tmp` is private, every namespace
 * is unshared (no network unless the call asks for it) and the sandbox dies with the service.
 * Decorates the plain runner, which still supervises the process (deadline, group kill, caps).
 */
export class BubblewrapCommandRunner extends CommandRunner {
  /**
   * @param searchPath the service's `PATH` entries: program directories under `/tmp` (a checkout
   * run from there, say) are mounted back read-only over the private `/tmp`.
   */
  constructor(
    private readonly inner: CommandRunner,
    private readonly bwrap = 'bwrap',
    private readonly searchPath: readonly string[] = [],
  ) {
    super();
  }

  override async run(request: CommandRequest): Promise<ExecResult> {
    const result = await this.inner.run({
      ...request,
      command: this.bwrap,
      args: bubblewrapArgs(request, this.searchPath),
      env: { ...SANDBOX_ENV, ...request.env },
    });
    return mapSandboxStartFailure(result, request);
  }
}

/** `bwrap` arguments for one request; mount order matters (the workspace bind lands after the tmpfs). */
export function bubblewrapArgs(
  request: Pick<CommandRequest, 'command' | 'args' | 'cwd' | 'workspaceRoot' | 'network' | 'extraMounts'>,
  searchPath: readonly string[] = [],
): string[] {
  const writable = request.workspaceRoot ?? request.cwd;
  return [
    '--ro-bind', '/', '/',
    '--dev', '/dev',
    '--proc', '/proc',
    '--tmpfs', '/tmp',
    ...programMountsUnderTmp([request.command, ...searchPath]),
    '--bind', writable, writable,
    ...(request.extraMounts ?? []).flatMap((mount) => [mount.writable ? '--bind' : '--ro-bind', mount.path, mount.path]),
    '--unshare-all',
    ...(request.network === true ? ['--share-net'] : []),
    '--die-with-parent',
    '--new-session',
    '--chdir', request.cwd,
    '--',
    request.command,
    ...request.args,
  ];
}

/**
 * The private `/tmp` would hide programs installed below it (e.g. `node_modules/.bin` of a checkout
 * in `/tmp/x`, whose links point elsewhere in that tree): each top-level `/tmp/<name>` holding the
 * command or a `PATH` entry is mounted back, read-only.
 */
function programMountsUnderTmp(paths: readonly string[]): string[] {
  const roots = new Set<string>();
  for (const path of paths) {
    const [, top, name] = path.split('/');
    if (top === 'tmp' && name) {
      roots.add(`/tmp/${name}`);
    }
  }
  return [...roots].sort().flatMap((root) => ['--ro-bind-try', root, root]);
}

/**
 * bwrap itself reports a program it cannot exec, or a working directory it cannot enter, as exit 1
 * with a message; turn those into the start failures the plain runner reports, so tools still say
 * `command not available: <program>`.
 */
function mapSandboxStartFailure(result: ExecResult, request: CommandRequest): ExecResult {
  if (result.exit_code !== 1 || result.timed_out) {
    return result;
  }
  const output = result.output.trim();
  if (/^bwrap: execvp [^\n]*: No such file or directory$/.test(output)) {
    return { ...result, exit_code: -1, output: '', start_error: `command not found: ${request.command}` };
  }
  if (/^bwrap: Can't chdir to [^\n]*$/.test(output)) {
    return { ...result, exit_code: -1, output: '', start_error: `working directory not found: ${request.cwd}` };
  }
  return result;
}

export interface SandboxChoice {
  runner: CommandRunner;
  /** `bubblewrap` when commands run sandboxed, else `none`. */
  sandbox: 'bubblewrap' | 'none';
  /** Why the sandbox is not used (for the startup warning); absent when it is or when it is off. */
  reason?: string;
}

/**
 * `off` → the plain runner. `auto` → a trivial command is run through bwrap once (a missing binary
 * or a kernel refusing unprivileged namespaces fails it); on success every command is sandboxed,
 * otherwise the plain runner is returned with the reason for a warning.
 */
export async function chooseLocalRunner(
  inner: CommandRunner,
  mode: LocalSandboxMode,
  probeDirectory: string,
  bwrap = 'bwrap',
  searchPath: readonly string[] = [],
): Promise<SandboxChoice> {
  if (mode === 'off') {
    return { runner: inner, sandbox: 'none' };
  }
  const sandboxed = new BubblewrapCommandRunner(inner, bwrap, searchPath);
  const probe = await sandboxed.run({ command: 'true', args: [], cwd: probeDirectory, timeoutMs: PROBE_TIMEOUT_MS });
  if (probe.exit_code === 0) {
    return { runner: sandboxed, sandbox: 'bubblewrap' };
  }
  const reason = probe.start_error ?? (probe.output.trim() || `exit code ${probe.exit_code}`);
  return { runner: inner, sandbox: 'none', reason };
}
