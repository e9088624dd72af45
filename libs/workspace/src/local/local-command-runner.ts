import { spawn, type ChildProcess } from 'node:child_process';
import { stat } from 'node:fs/promises';
import { constants as osConstants } from 'node:os';
import { performance } from 'node:perf_hooks';
import { Logger } from '@nestjs/common';
import { LiveOutput, OutputCollector } from '#app/contracts';
import { CommandRunner, type CommandRequest } from '../command-runner.port.js';
import type { ExecResult } from '../workspace-runtime.port.js';
import { buildChildEnvironment } from './child-env.js';

export const DEFAULT_OUTPUT_CAP_BYTES = 262_144;
/** Exit code reported when the deadline or a cancellation killed the program. */
export const KILLED_EXIT_CODE = 124;

export interface LocalCommandRunnerOptions {
  /** Snapshot of the service environment taken once at boot; scrubbed before every spawn. */
  serviceEnv: Readonly<Record<string, string | undefined>>;
  /** Delay between SIGTERM and SIGKILL to the process group. Default 2000 ms (API.md 6 E1). */
  killGraceMs?: number;
  /**
   * How long to wait for the pipes after the program itself exited before the leftover group is
   * killed. Default 2000 ms.
   */
  drainGraceMs?: number;
}

/**
 * For a runner that wraps the program in a launcher (the sandbox): extra file descriptors after
 * stdin, stdout and stderr (fd 3, 4, … in the child: a new pipe, or an open fd passed on), and a
 * setup step run once the child exists. When `onSpawn` rejects, the whole process group is killed
 * at once and `run` rejects with that error.
 */
export interface SpawnHooks {
  extraStdio: ReadonlyArray<'pipe' | number>;
  onSpawn(child: ChildProcess): Promise<void>;
}

// After SIGKILL the group cannot write any more; what is still holding the pipes escaped the group.
const STREAM_DESTROY_DELAY_MS = 100;

/**
 * Runs programs on the service host (API.md 8.3): no shell, the child leads its own process group
 * so a deadline or cancellation kills everything it started, environment scrubbed of service
 * secrets, stdout and stderr combined in arrival order and capped.
 */
export class LocalCommandRunner extends CommandRunner {
  private readonly serviceEnv: Readonly<Record<string, string | undefined>>;
  private readonly killGraceMs: number;
  private readonly drainGraceMs: number;

  constructor(options: LocalCommandRunnerOptions) {
    super();
    this.serviceEnv = { ...options.serviceEnv };
    this.killGraceMs = options.killGraceMs ?? 2000;
    this.drainGraceMs = options.drainGraceMs ?? 2000;
  }

  override async run(request: CommandRequest, hooks?: SpawnHooks): Promise<ExecResult> {
    const startedAt = performance.now();
    const elapsed = (): number => Math.trunc(performance.now() - startedAt);
    if (request.signal?.aborted) {
      return {
        exit_code: KILLED_EXIT_CODE,
        output: '',
        truncated: false,
        timed_out: false,
        duration_ms: 0,
      };
    }
    let child: ChildProcess;
    try {
      child = spawn(request.command, [...request.args], {
        cwd: request.cwd,
        env: buildChildEnvironment(this.serviceEnv, request.env),
        detached: true,
        shell: false,
        stdio: [
          request.stdin === undefined ? 'ignore' : 'pipe',
          'pipe',
          'pipe',
          ...(hooks?.extraStdio ?? []),
        ],
      });
    } catch (error) {
      // Synchronous failures are argument problems (e.g. a NUL byte in an argument).
      return startFailure(errorMessage(error), elapsed());
    }
    const supervisor = new ChildSupervisor(child, request, this.killGraceMs, this.drainGraceMs);
    const waiting = supervisor.wait();
    let setupError: unknown;
    if (hooks !== undefined && child.pid !== undefined) {
      await hooks.onSpawn(child).catch((error: unknown) => {
        setupError = error ?? new Error('setup failed');
        supervisor.abandon();
      });
    }
    const outcome = await waiting;
    if (setupError !== undefined) {
      // eslint-disable-next-line @typescript-eslint/only-throw-error -- passes the failure on as it came
      throw setupError;
    }
    if (outcome.spawnError !== undefined) {
      return startFailure(await describeSpawnError(outcome.spawnError, request), elapsed());
    }
    const { output, truncated } = outcome.output.finish();
    return {
      exit_code: outcome.killedBy === undefined ? outcome.exitCode : KILLED_EXIT_CODE,
      output,
      truncated,
      timed_out: outcome.killedBy === 'deadline',
      duration_ms: elapsed(),
    };
  }
}

interface ChildOutcome {
  output: OutputCollector;
  exitCode: number;
  killedBy?: 'deadline' | 'abort';
  spawnError?: NodeJS.ErrnoException;
}

/** Watches one child until it has exited and its pipes are closed (or given up on). */
class ChildSupervisor {
  private readonly output: OutputCollector;
  private readonly live: LiveOutput;
  private readonly timers: NodeJS.Timeout[] = [];
  private exited = false;
  private exitCode = -1;
  private killedBy?: 'deadline' | 'abort';
  private spawnError?: NodeJS.ErrnoException;
  private terminating = false;

  constructor(
    private readonly child: ChildProcess,
    private readonly request: CommandRequest,
    private readonly killGraceMs: number,
    private readonly drainGraceMs: number,
  ) {
    const cap = request.outputCapBytes ?? DEFAULT_OUTPUT_CAP_BYTES;
    this.output = new OutputCollector(cap);
    this.live = new LiveOutput(request.onOutput, cap, reportListenerError);
  }

  wait(): Promise<ChildOutcome> {
    const { child, request } = this;
    child.stdout?.on('data', (chunk: Buffer) => {
      this.output.push(chunk);
      this.live.push('stdout', chunk);
    });
    child.stderr?.on('data', (chunk: Buffer) => {
      this.output.push(chunk);
      this.live.push('stderr', chunk);
    });
    if (child.stdin) {
      // A program that exits without reading its input must not fail the call with EPIPE.
      child.stdin.on('error', () => undefined);
      child.stdin.end(request.stdin);
    }
    const onAbort = (): void => this.terminate('abort');
    request.signal?.addEventListener('abort', onAbort, { once: true });
    this.timers.push(setTimeout(() => this.terminate('deadline'), request.timeoutMs));

    return new Promise((resolve) => {
      child.on('error', (error: NodeJS.ErrnoException) => {
        if (child.pid === undefined) {
          this.spawnError = error;
        }
      });
      child.on('exit', (code, signal) => {
        this.exited = true;
        this.exitCode = code ?? signalExitCode(signal);
        // A background grandchild may hold the pipes open forever; do not wait past the grace.
        this.timers.push(setTimeout(() => this.terminate(), this.drainGraceMs));
      });
      child.on('close', () => {
        this.live.finish();
        this.timers.forEach(clearTimeout);
        request.signal?.removeEventListener('abort', onAbort);
        resolve({
          output: this.output,
          exitCode: this.exitCode,
          killedBy: this.killedBy,
          spawnError: this.spawnError,
        });
      });
    });
  }

  /** Setup before the program failed: SIGKILL the group now and close every pipe. */
  abandon(): void {
    this.terminating = true;
    if (this.child.pid !== undefined) {
      killGroup(this.child.pid, 'SIGKILL');
    }
    this.destroyPipes();
  }

  /** SIGTERM to the group, SIGKILL after the grace, then give up on pipes held by escapees. */
  private terminate(reason?: 'deadline' | 'abort'): void {
    if (reason !== undefined && !this.exited && this.killedBy === undefined) {
      this.killedBy = reason;
    }
    if (this.terminating || this.child.pid === undefined) {
      return;
    }
    this.terminating = true;
    const pid = this.child.pid;
    killGroup(pid, 'SIGTERM');
    this.timers.push(
      setTimeout(() => {
        killGroup(pid, 'SIGKILL');
        this.timers.push(setTimeout(() => this.destroyPipes(), STREAM_DESTROY_DELAY_MS));
      }, this.killGraceMs),
    );
  }

  private destroyPipes(): void {
    for (const stream of this.child.stdio) {
      stream?.destroy();
    }
  }
}

function reportListenerError(error: unknown): void {
  new Logger('LocalCommandRunner').warn(
    `output listener failed (its failures are ignored for the rest of the run): ${errorMessage(error)}`,
  );
}

function killGroup(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pid, signal);
  } catch {
    // ESRCH: the whole group is already gone.
  }
}

function signalExitCode(signal: NodeJS.Signals | null): number {
  const number = signal === null ? undefined : osConstants.signals[signal];
  // Shell convention: 128 + signal number for a program killed by a signal it did not handle.
  return number === undefined ? -1 : 128 + number;
}

async function describeSpawnError(
  error: NodeJS.ErrnoException,
  request: CommandRequest,
): Promise<string> {
  if (error.code !== 'ENOENT') {
    return error.message;
  }
  // spawn reports a missing working directory with the same ENOENT as a missing program.
  const cwdIsDirectory = await stat(request.cwd).then(
    (stats) => stats.isDirectory(),
    () => false,
  );
  return cwdIsDirectory
    ? `command not found: ${request.command}`
    : `working directory not found: ${request.cwd}`;
}

function startFailure(message: string, durationMs: number): ExecResult {
  return {
    exit_code: -1,
    output: '',
    truncated: false,
    timed_out: false,
    start_error: message,
    duration_ms: durationMs,
  };
}

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
