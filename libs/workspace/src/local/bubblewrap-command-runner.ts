import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { Logger } from '@nestjs/common';
import { AppException } from '#app/errors';

import { CommandRunner, type CommandRequest } from '../command-runner.port.js';
import type { ExecResult } from '../workspace-runtime.port.js';
import type { LocalCommandRunner } from './local-command-runner.js';
import { sandboxEnvironment } from './sandbox-environment.js';
import { BLOCK_FD, INFO_FD, SandboxLaunch, USERNS_FD } from './sandbox-launch.js';
import type { SandboxLayout } from './sandbox-layout.js';
import { SandboxNetworkError, type SandboxNetwork } from './sandbox-network.js';
import { firstLine, mapSandboxStartFailure, wasStopped } from './sandbox-start-failure.js';
import { SandboxStderrHold } from './sandbox-stderr-hold.js';

/** `WORKSPACE_LOCAL_SANDBOX` after parsing (`auto` is read as `required`). */
export type LocalSandboxMode = 'required' | 'off';

/** What an operator can do about an unavailable sandbox (appended to every 503 message). */
export const SANDBOX_HINT =
  'install bubblewrap (bwrap), slirp4netns, nsenter and ip on the service host, or set WORKSPACE_LOCAL_SANDBOX=off on a single-user machine';

// Generous for the same reason as the network setup bound: a slow probe must not read as broken.
const PROBE_TIMEOUT_MS = 30_000;

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
          env: sandboxEnvironment(this.options.layout, request),
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
}

/** The sandbox itself could not be created (recorded as the unavailable reason). */
class SandboxSetupError extends Error {
  override readonly name = 'SandboxSetupError';
}

function reportListenerError(error: unknown): void {
  new Logger('BubblewrapCommandRunner').warn(
    `output listener failed (its failures are ignored for the rest of the run): ${String(error)}`,
  );
}

function sandboxUnavailable(reason: string): AppException {
  return new AppException('unavailable', `sandbox unavailable: ${reason}; ${SANDBOX_HINT}`);
}
