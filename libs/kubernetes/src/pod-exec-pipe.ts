import { Readable, Writable } from 'node:stream';
import { setTimeout as sleep } from 'node:timers/promises';
import type { V1Status } from '@kubernetes/client-node';
import { OutputCollector } from '#app/contracts';
import type { KubeClient } from './kube-client.js';
import { exitCodeOf, type PodExecTarget } from './pod-exec.js';

/** The exec sub-protocol that can close stdin and still deliver the exit status (Kubernetes ≥ 1.30). */
export const STDIN_CLOSE_PROTOCOL = 'v5.channel.k8s.io';
/** Bytes queued towards the reading pod above which the writing pod's socket is paused. */
export const PIPE_HIGH_WATER_BYTES = 1024 * 1024;
const PIPE_LOW_WATER_BYTES = 256 * 1024;
const DRAIN_POLL_MS = 5;
/** How much of each side's diagnostics (stderr, extraction output) a failure message quotes. */
const DIAGNOSTIC_CAP_BYTES = 2048;

type ExecSocket = Awaited<ReturnType<KubeClient['exec']['exec']>>;

export interface PodPipeEnd {
  target: PodExecTarget;
  argv: string[];
  /** Names this side in failure messages; default `exec in pod <pod>`. */
  label?: string;
}

export interface PodPipeRequest {
  /** Its stdout is the stream. */
  from: PodPipeEnd;
  /** Reads the stream on stdin, which is closed once `from` has exited 0 and all of it was sent. */
  to: PodPipeEnd;
  timeoutMs: number;
  /** Cut the stream (failure) once more bytes than this came from `from`; 0 or unset: no cap. */
  maxBytes?: number;
  signal?: AbortSignal;
}

export interface PodPipeResult {
  bytes: number;
  /** How often the producing side was paused because the consuming side lagged (flow control). */
  pauses: number;
}

/**
 * `from | to` across two pods, through this process: two execs, the first one's stdout streamed
 * into the second one's stdin chunk by chunk (never the whole stream in memory: when more than
 * {@link PIPE_HIGH_WATER_BYTES} wait to be sent, the reading side of `from` is paused). Succeeds
 * when both exit 0; otherwise rejects with an `Error` saying which side failed and why, after
 * closing both execs (the kubelet then kills what still runs).
 */
export function pipeBetweenPods(
  client: KubeClient,
  request: PodPipeRequest,
): Promise<PodPipeResult> {
  return new PodPipe(client, request).run();
}

class PodPipe {
  private readonly stdin = new Readable({ read: () => undefined });
  private readonly fromStderr = new OutputCollector(DIAGNOSTIC_CAP_BYTES);
  private readonly toOutput = new OutputCollector(DIAGNOSTIC_CAP_BYTES);
  private fromSocket: ExecSocket | undefined;
  private toSocket: ExecSocket | undefined;
  private fromExit: number | undefined;
  private toExit: number | undefined;
  private forwarded = false;
  private stdinClosed = false;
  private bytes = 0;
  private pauses = 0;
  private settled = false;
  private finish: (error?: Error) => void = () => undefined;

  constructor(
    private readonly client: KubeClient,
    private readonly request: PodPipeRequest,
  ) {}

  run(): Promise<PodPipeResult> {
    return new Promise<PodPipeResult>((resolve, reject) => {
      const { timeoutMs, signal } = this.request;
      const onAbort = (): void => this.fail('cancelled');
      const timer = setTimeout(
        () => this.fail(`timed out after ${Math.ceil(timeoutMs / 1000)}s`),
        Math.max(1, timeoutMs),
      );
      this.finish = (error) => {
        this.settled = true;
        clearTimeout(timer);
        signal?.removeEventListener('abort', onAbort);
        this.fromSocket?.close();
        this.toSocket?.close();
        if (error) {
          reject(error);
        } else {
          resolve({ bytes: this.bytes, pauses: this.pauses });
        }
      };
      if (signal?.aborted) {
        onAbort();
        return;
      }
      signal?.addEventListener('abort', onAbort, { once: true });
      void this.start();
    });
  }

  /** The reading side first: nothing is produced before there is somewhere to put it. */
  private async start(): Promise<void> {
    const { from, to } = this.request;
    const toSocket = await this.open(
      to,
      collect(this.toOutput),
      collect(this.toOutput),
      this.stdin,
      (code) => {
        this.toExit = code;
        this.check();
      },
    );
    if (toSocket === undefined) {
      return;
    }
    this.toSocket = toSocket;
    if (toSocket.protocol !== STDIN_CLOSE_PROTOCOL) {
      // Older protocols close stdin only by closing the whole exec: the exit status would be lost.
      this.fail(
        `the API server does not offer the ${STDIN_CLOSE_PROTOCOL} exec protocol (Kubernetes 1.30 or later)`,
      );
      return;
    }
    this.watch(toSocket, to, () => this.toExit === undefined);
    const forward = new Writable({
      highWaterMark: PIPE_HIGH_WATER_BYTES,
      write: (chunk: Buffer, _encoding, callback) => {
        this.forward(chunk).then(
          () => callback(),
          () => callback(),
        );
      },
      final: (callback) => {
        this.forwarded = true;
        this.check();
        callback();
      },
    });
    const fromSocket = await this.open(from, forward, collect(this.fromStderr), null, (code) => {
      this.fromExit = code;
      this.check();
    });
    if (fromSocket === undefined) {
      return;
    }
    this.fromSocket = fromSocket;
    this.watch(fromSocket, from, () => this.fromExit === undefined);
  }

  private async open(
    end: PodPipeEnd,
    stdout: Writable,
    stderr: Writable,
    stdin: Readable | null,
    onExit: (code: number) => void,
  ): Promise<ExecSocket | undefined> {
    const { namespace, pod, container } = end.target;
    let socket: ExecSocket;
    try {
      socket = await this.client.exec.exec(
        namespace,
        pod,
        container,
        end.argv,
        stdout,
        stderr,
        stdin,
        false,
        (status: V1Status) => onExit(exitCodeOf(status)),
      );
    } catch (error) {
      this.fail(`${labelOf(end)} failed: ${messageOf(error)}`);
      return undefined;
    }
    if (this.settled) {
      socket.close();
      return undefined;
    }
    return socket;
  }

  private watch(socket: ExecSocket, end: PodPipeEnd, statusMissing: () => boolean): void {
    socket.on('close', () => {
      if (statusMissing()) {
        this.fail(`${labelOf(end)}: stream closed without a status`);
      }
    });
    socket.on('error', (error: Error) => this.fail(`${labelOf(end)} failed: ${error.message}`));
  }

  private async forward(chunk: Buffer): Promise<void> {
    if (this.settled) {
      return;
    }
    this.bytes += chunk.length;
    const cap = this.request.maxBytes ?? 0;
    if (cap > 0 && this.bytes > cap) {
      this.fail(`workspace archive exceeds ${cap} bytes`);
      return;
    }
    if (this.toExit !== undefined) {
      // The consumer has ended (0: it read all it needed, e.g. tar after the end-of-archive
      // blocks): the rest is drained so the producer can finish and report its own status.
      return;
    }
    this.stdin.push(chunk);
    const toSocket = this.toSocket;
    if (toSocket === undefined || toSocket.bufferedAmount <= PIPE_HIGH_WATER_BYTES) {
      return;
    }
    this.pauses++;
    this.fromSocket?.pause();
    while (
      !this.settled &&
      this.toExit === undefined &&
      toSocket.bufferedAmount > PIPE_LOW_WATER_BYTES
    ) {
      await sleep(DRAIN_POLL_MS);
    }
    this.fromSocket?.resume();
  }

  /** Decides after every status and once all of `from`'s output was handed on. */
  private check(): void {
    if (this.settled) {
      return;
    }
    if (this.fromExit !== undefined && this.fromExit !== 0) {
      this.fail(
        `${labelOf(this.request.from)} exited with ${this.fromExit}${detail(this.fromStderr)}`,
      );
      return;
    }
    if (this.toExit !== undefined && this.toExit !== 0) {
      this.fail(`${labelOf(this.request.to)} exited with ${this.toExit}${detail(this.toOutput)}`);
      return;
    }
    if (this.fromExit !== 0 || !this.forwarded) {
      return;
    }
    if (!this.stdinClosed) {
      this.stdinClosed = true;
      // v5: the client sends the stdin close frame once this end is read.
      this.stdin.push(null);
    }
    if (this.toExit === 0) {
      this.finish();
    }
  }

  private fail(reason: string): void {
    if (!this.settled) {
      this.finish(new Error(reason));
    }
  }
}

/** A sink for an exec stream that keeps the first bytes for diagnostics. */
function collect(into: OutputCollector): Writable {
  return new Writable({
    write: (chunk: Buffer, _encoding, callback) => {
      into.push(Buffer.from(chunk));
      callback();
    },
  });
}

function labelOf(end: PodPipeEnd): string {
  return end.label ?? `exec in pod ${end.target.pod}`;
}

function detail(collector: OutputCollector): string {
  const text = collector.finish().output.trim();
  return text === '' ? '' : `: ${text}`;
}

function messageOf(error: unknown): string {
  if (error instanceof Error) {
    return error.message;
  }
  // The client rejects a refused upgrade with the WebSocket error event, not an Error.
  const message = (error as { message?: unknown } | null)?.message;
  return typeof message === 'string' ? message : String(error);
}
