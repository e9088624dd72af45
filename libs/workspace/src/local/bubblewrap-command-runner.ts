import type { ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, posix } from 'node:path';
import type { Readable, Writable } from 'node:stream';

import { Logger } from '@nestjs/common';
import { AppException } from '#app/errors';

import { CommandRunner, type CommandRequest } from '../command-runner.port.js';
import type { ExecResult } from '../workspace-runtime.port.js';
import {
  KILLED_EXIT_CODE,
  type LocalCommandRunner,
  type SpawnHooks,
} from './local-command-runner.js';
import { SandboxInit } from './sandbox-init.js';
import { SandboxStderrHold } from './sandbox-stderr-hold.js';
import { isWithin, SANDBOX_HOME, type SandboxLayout } from './sandbox-layout.js';
import {
  SandboxNetworkError,
  type HeldUserNamespace,
  type NetworkAttachment,
  type SandboxNetwork,
} from './sandbox-network.js';

/** `WORKSPACE_LOCAL_SANDBOX` after parsing (`auto` is read as `required`). */
export type LocalSandboxMode = 'required' | 'off';

/** What an operator can do about an unavailable sandbox (appended to every 503 message). */
export const SANDBOX_HINT =
  'install bubblewrap (bwrap), slirp4netns, nsenter and ip on the service host, or set WORKSPACE_LOCAL_SANDBOX=off on a single-user machine';

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

// Generous for the same reason as the network setup bound: a slow probe must not read as broken.
const PROBE_TIMEOUT_MS = 30_000;
const INFO_FD = 3;
const BLOCK_FD = 4;
const USERNS_FD = 5;
const MAX_REASON_CHARS = 300;

export interface BubblewrapCommandRunnerOptions {
  layout: SandboxLayout;
  network: SandboxNetwork;
  /** Default `bwrap` (looked up on the service's `PATH`). */
  bwrap?: string;
}

/**
 * Runs every command of a local session inside a bubblewrap sandbox (API.md 8.3, docs/SANDBOX.md):
 * read-only toolchain directories, the session workspace writable, private `/tmp` and home, own
 * PID/IPC/UTS/user/network namespaces, no capabilities; network only on request, through
 * {@link SandboxNetwork}. Decorates the plain runner, which still supervises (deadline, group kill,
 * caps). Fails closed: when the sandbox cannot be created, `run` throws 503 `unavailable`
 * (`sandbox unavailable: <reason>; <hint>`) and never runs the program unsandboxed. An unavailable
 * sandbox is probed again on the next command.
 */
export class BubblewrapCommandRunner extends CommandRunner {
  private readonly bwrap: string;
  private unavailable: string | null = null;
  private networkUnavailable: string | null = null;
  private probing: Promise<void> | undefined;

  constructor(
    private readonly inner: LocalCommandRunner,
    private readonly options: BubblewrapCommandRunnerOptions,
  ) {
    super();
    this.bwrap = options.bwrap ?? 'bwrap';
  }

  /** For `/readyz`: `ok`, `unavailable: <reason>` or `ok, network unavailable: <reason>`. */
  describe(): string {
    if (this.unavailable !== null) {
      return `unavailable: ${this.unavailable}`;
    }
    return this.networkUnavailable === null
      ? 'ok'
      : `ok, network unavailable: ${this.networkUnavailable}`;
  }

  /** Whether the last probe or command could create a sandbox. */
  get available(): boolean {
    return this.unavailable === null;
  }

  /**
   * Runs `true` once without and once with network in a throw-away workspace; records why either
   * failed. Concurrent callers share one probe.
   */
  probe(): Promise<void> {
    this.probing ??= this.probeOnce().finally(() => {
      this.probing = undefined;
    });
    return this.probing;
  }

  /**
   * @throws AppException `unavailable` (503) when the sandbox, or for `network: true` its network,
   * cannot be set up; the program has not run then.
   */
  override async run(request: CommandRequest): Promise<ExecResult> {
    if (this.unavailable !== null) {
      await this.probe();
    }
    if (this.unavailable !== null) {
      throw sandboxUnavailable(this.unavailable);
    }
    try {
      return await this.runSandboxed(request);
    } catch (error) {
      if (error instanceof SandboxNetworkError) {
        this.networkUnavailable = error.message;
        throw sandboxUnavailable(`network: ${error.message}`);
      }
      throw error;
    }
  }

  private async probeOnce(): Promise<void> {
    const base = await mkdtemp(join(tmpdir(), 'wes-sandbox-probe-'));
    try {
      const request = {
        command: 'true',
        args: [],
        cwd: base,
        workspaceRoot: base,
        timeoutMs: PROBE_TIMEOUT_MS,
      };
      this.unavailable = await this.tryRun(request);
      this.networkUnavailable =
        this.unavailable === null ? await this.tryRun({ ...request, network: true }) : null;
    } finally {
      await rm(base, { recursive: true, force: true });
    }
  }

  private async tryRun(request: CommandRequest): Promise<string | null> {
    try {
      const result = await this.runSandboxed(request);
      return result.exit_code === 0
        ? null
        : (result.start_error ?? `probe exited with code ${result.exit_code}`);
    } catch (error) {
      return error instanceof SandboxSetupError || error instanceof SandboxNetworkError
        ? error.message
        : String(error);
    }
  }

  private async runSandboxed(request: CommandRequest): Promise<ExecResult> {
    const network = request.network === true;
    const userns = network ? await this.options.network.holdUserNamespace() : undefined;
    const launch = new SandboxLaunch(network ? this.options.network : null, userns);
    const hold =
      request.onOutput === undefined
        ? undefined
        : new SandboxStderrHold(request.onOutput, reportListenerError);
    let result: ExecResult;
    try {
      result = await this.inner.run(
        {
          ...request,
          command: this.bwrap,
          args: this.bubblewrapArgs(request, userns !== undefined),
          // bwrap enters the real working directory itself, so a missing one is reported as such.
          cwd: '/',
          env: this.environment(request),
          ...(hold === undefined ? {} : { onOutput: hold.onOutput }),
        },
        launch.hooks(),
      );
    } catch (error) {
      hold?.drop();
      throw error;
    } finally {
      launch.close();
    }
    await launch.namespaceGone();
    if (!launch.started && !wasStopped(result, request)) {
      hold?.drop();
      // bwrap never reported the sandbox's pid: it could not create the namespaces or mounts.
      const reason =
        result.start_error ??
        firstLine(result.output) ??
        `bwrap exited with code ${result.exit_code}`;
      this.unavailable = reason;
      throw new SandboxSetupError(reason);
    }
    const mapped = mapSandboxStartFailure(result, request);
    if (!launch.started || mapped.start_error !== undefined) {
      hold?.drop();
    } else {
      hold?.release();
    }
    return mapped;
  }

  /** `bwrap` arguments for one request (exported through {@link bubblewrapArgs} for tests). */
  bubblewrapArgs(
    request: Pick<
      CommandRequest,
      'command' | 'args' | 'cwd' | 'workspaceRoot' | 'network' | 'extraMounts'
    >,
    heldUserns = false,
  ): string[] {
    return [
      ...this.options.layout.mountArgs(request),
      // Same namespaces either way; with a held user namespace bwrap enters it instead of creating one.
      ...(heldUserns
        ? [
            '--userns',
            String(USERNS_FD),
            '--unshare-pid',
            '--unshare-net',
            '--unshare-ipc',
            '--unshare-uts',
            '--unshare-cgroup-try',
          ]
        : ['--unshare-all']),
      '--cap-drop',
      'ALL',
      '--die-with-parent',
      '--new-session',
      '--info-fd',
      String(INFO_FD),
      ...(request.network === true ? ['--block-fd', String(BLOCK_FD)] : []),
      '--chdir',
      request.cwd,
      '--',
      request.command,
      ...request.args,
    ];
  }

  // HOME, TMPDIR and PATH always point inside: the service's own (host) values would name
  // directories that are invisible or, worse, the service's checkout.
  private environment(request: CommandRequest): Record<string, string> {
    const requested = request.env?.['PATH'];
    const visible = (entry: string): boolean =>
      this.options.layout.isBound(entry) ||
      isWithin(entry, request.workspaceRoot ?? request.cwd) ||
      (request.extraMounts ?? []).some((mount) => isWithin(entry, mount.path));
    const path =
      requested === undefined
        ? this.options.layout.searchPath
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
}

/** The sandbox itself could not be created (recorded as the unavailable reason). */
class SandboxSetupError extends Error {
  override readonly name = 'SandboxSetupError';
}

/**
 * The handshake with one bwrap process: read the sandbox's pid from `--info-fd`; with network,
 * attach the user-mode network to that pid and only then release `--block-fd`, so the program
 * never runs before the host is blocked.
 */
class SandboxLaunch {
  started = false;
  private attachment: NetworkAttachment | undefined;
  private sandboxInit: SandboxInit | undefined;

  constructor(
    private readonly network: SandboxNetwork | null,
    private readonly userns: HeldUserNamespace | undefined,
  ) {}

  hooks(): SpawnHooks {
    return {
      extraStdio:
        this.network === null
          ? ['pipe']
          : ['pipe', 'pipe', ...(this.userns === undefined ? [] : [this.userns.fd])],
      onSpawn: (child) => this.onSpawn(child),
    };
  }

  close(): void {
    this.attachment?.close();
    this.userns?.close();
  }

  /**
   * bwrap itself may exit as soon as the program's status is known, while the kernel is still
   * killing what is left in the PID namespace (`setsid` daemons included). The namespace's init
   * becomes a zombie (or disappears) only after every other process in it has died, so waiting for
   * that makes "nothing outlives the invocation" hold when the invocation ends, not a moment later.
   */
  async namespaceGone(): Promise<void> {
    await this.sandboxInit?.gone();
  }

  private async onSpawn(child: ChildProcess): Promise<void> {
    // Read to its end, never closed early: bwrap writes the whole JSON document and would die of
    // SIGPIPE on a closed pipe.
    const pid = await readChildPid(child.stdio[INFO_FD] as Readable);
    if (pid === undefined) {
      return;
    }
    this.started = true;
    this.sandboxInit = SandboxInit.observe(pid);
    if (this.network !== null) {
      this.attachment = await this.network.attach(pid, this.userns);
      const block = child.stdio[BLOCK_FD] as Writable;
      // Our end is closed once written: a pipe the program inherited cannot hold the run open.
      block.end('1', () => block.destroy());
    }
  }
}

/** Resolves the `child-pid` of the JSON bwrap writes to the info fd, or `undefined` when it closes without. */
function readChildPid(stream: Readable): Promise<number | undefined> {
  return new Promise((resolve) => {
    let text = '';
    stream.on('data', (chunk: Buffer) => {
      text += chunk.toString('utf8');
      const match = /"child-pid"\s*:\s*(\d+)[^}]*\}/.exec(text);
      if (match) {
        resolve(Number(match[1]));
      }
    });
    stream.on('error', () => resolve(undefined));
    stream.on('close', () => resolve(undefined));
  });
}

function reportListenerError(error: unknown): void {
  new Logger('BubblewrapCommandRunner').warn(
    `output listener failed (its failures are ignored for the rest of the run): ${String(error)}`,
  );
}

function sandboxUnavailable(reason: string): AppException {
  return new AppException('unavailable', `sandbox unavailable: ${reason}; ${SANDBOX_HINT}`);
}

// A deadline or cancellation that killed bwrap before it reported is not a sandbox failure.
function wasStopped(result: ExecResult, request: CommandRequest): boolean {
  return (
    result.exit_code === KILLED_EXIT_CODE && (result.timed_out || request.signal?.aborted === true)
  );
}

function firstLine(output: string): string | undefined {
  const line = output.trim().split('\n')[0]?.trim();
  return line ? line.slice(0, MAX_REASON_CHARS) : undefined;
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
    return {
      ...result,
      exit_code: -1,
      output: '',
      start_error: `command not found: ${request.command}`,
    };
  }
  if (/^bwrap: Can't chdir to [^\n]*$/.test(output)) {
    return {
      ...result,
      exit_code: -1,
      output: '',
      start_error: `working directory not found: ${request.cwd}`,
    };
  }
  return result;
}
