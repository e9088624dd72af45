import { Readable, Writable } from 'node:stream';
import type { V1Status } from '@kubernetes/client-node';
import { Logger } from '@nestjs/common';
import {
  type ExecResult,
  LiveOutput,
  type OutputChannel,
  OutputCollector,
  type OutputListener,
} from '#app/contracts';
import type { KubeClient } from './kube-client.js';

export const DEFAULT_OUTPUT_CAP = 256 * 1024;

export interface PodExecTarget {
  namespace: string;
  pod: string;
  container: string;
}

export interface PodExecRequest {
  argv: string[];
  stdin?: string | Buffer;
  timeoutMs: number;
  outputCapBytes?: number;
  signal?: AbortSignal;
  /** Hears stdout and stderr as the frames arrive, capped like the result (see `LiveOutput`). */
  onOutput?: OutputListener;
}

/**
 * Runs one argv in a pod container over the exec WebSocket (no TTY). Output is stdout followed by
 * stderr, capped with the local marker; exit code from the status channel, `124` on deadline (the
 * stream is closed), `-1` when the exec itself failed.
 */
export async function execInPod(
  client: KubeClient,
  target: PodExecTarget,
  request: PodExecRequest,
): Promise<ExecResult> {
  const started = Date.now();
  const cap = request.outputCapBytes ?? DEFAULT_OUTPUT_CAP;
  const live = new LiveOutput(request.onOutput, cap, reportListenerError);
  const stdout = new ChunkSink('stdout', live);
  const stderr = new ChunkSink('stderr', live);
  const stdin = request.stdin === undefined ? null : Readable.from([Buffer.from(request.stdin)]);
  return new Promise<ExecResult>((resolve) => {
    let settled = false;
    let socket: { close(): void } | undefined;
    const finish = (
      exit: number,
      extra: { timed_out?: boolean; start_error?: string } = {},
    ): void => {
      if (settled) {
        return;
      }
      settled = true;
      // Frames that still arrive after the status or the deadline are not the run's any more.
      live.finish();
      clearTimeout(timer);
      request.signal?.removeEventListener('abort', onAbort);
      socket?.close();
      const collector = new OutputCollector(cap);
      for (const chunk of [...stdout.chunks, ...stderr.chunks]) {
        collector.push(chunk);
      }
      if (extra.start_error !== undefined) {
        collector.push(Buffer.from(extra.start_error));
      }
      const { output, truncated } = collector.finish();
      resolve({
        exit_code: exit,
        output,
        truncated,
        timed_out: extra.timed_out ?? false,
        ...(extra.start_error !== undefined ? { start_error: extra.start_error } : {}),
        duration_ms: Date.now() - started,
      });
    };
    const onAbort = (): void => finish(124, { timed_out: true });
    const timer = setTimeout(onAbort, Math.max(1, request.timeoutMs));
    if (request.signal?.aborted) {
      onAbort();
      return;
    }
    request.signal?.addEventListener('abort', onAbort, { once: true });
    client.exec
      .exec(
        target.namespace,
        target.pod,
        target.container,
        request.argv,
        stdout,
        stderr,
        stdin,
        false,
        (status: V1Status) => finish(exitCodeOf(status)),
      )
      .then((ws) => {
        socket = ws;
        if (settled) {
          ws.close();
          return;
        }
        ws.on('close', () =>
          finish(-1, { start_error: 'pod exec stream closed without a status' }),
        );
        ws.on('error', (error: Error) =>
          finish(-1, { start_error: `pod exec failed: ${error.message}` }),
        );
      })
      .catch((error: unknown) =>
        finish(-1, {
          start_error: `pod exec failed: ${error instanceof Error ? error.message : String(error)}`,
        }),
      );
  });
}

/** `Success` → 0; `NonZeroExitCode` carries the code in `details.causes[ExitCode]`. */
export function exitCodeOf(status: V1Status): number {
  if (status.status === 'Success') {
    return 0;
  }
  const cause = status.details?.causes?.find((entry) => entry.reason === 'ExitCode');
  const code = Number(cause?.message);
  return Number.isInteger(code) ? code : -1;
}

/** Collects what the exec streams write, and passes it on live; the client ends it when the status arrives. */
class ChunkSink extends Writable {
  readonly chunks: Buffer[] = [];

  constructor(
    private readonly channel: OutputChannel,
    private readonly live: LiveOutput,
  ) {
    super();
  }

  override _write(chunk: Buffer, _encoding: BufferEncoding, callback: () => void): void {
    const copy = Buffer.from(chunk);
    this.chunks.push(copy);
    this.live.push(this.channel, copy);
    callback();
  }
}

function reportListenerError(error: unknown): void {
  new Logger('PodExec').warn(
    `output listener failed (its failures are ignored for the rest of the run): ${String(error)}`,
  );
}
