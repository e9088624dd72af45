import { Logger } from '@nestjs/common';
import { type OutputChannel, type OutputChunk, toTimestamp } from '#app/contracts';
import type { InvocationProgress } from '#app/tool-registry';

/** Longer lines reach the progress in pieces of this many characters (a progress bar, a blob). */
export const MAX_LIVE_LINE_CHARS = 8192;
/** The last live line of a run whose output went past its cap (CATALOG.md 3.4 "Live output"). */
export const LIVE_TRUNCATION_NOTICE = '[output truncated]';

/**
 * Turns the output chunks of one program run into complete lines for the invocation's progress:
 * a line buffer per channel, one `LogLine` per line (without its `\n`, or `\r\n`), with the channel
 * the program wrote it on. At most `capBytes` bytes of text are passed on, like the run's output.
 * The live path is best effort: a progress that throws is reported once and never fails the run.
 */
export class LiveLogLines {
  private readonly pending: Record<OutputChannel, string> = { stdout: '', stderr: '' };
  private passed = 0;
  private full = false;
  private reported = false;

  constructor(
    private readonly progress: InvocationProgress,
    private readonly capBytes: number,
  ) {}

  /** The `onOutput` listener of the run. */
  readonly push = (chunk: OutputChunk): void => {
    if (this.full) {
      return;
    }
    const text = this.withinCap(chunk.text);
    let buffered = this.pending[chunk.channel] + text;
    let newline = buffered.indexOf('\n');
    while (newline !== -1) {
      this.emit(chunk.channel, buffered.slice(0, newline).replace(/\r$/, ''));
      buffered = buffered.slice(newline + 1);
      newline = buffered.indexOf('\n');
    }
    while (buffered.length >= MAX_LIVE_LINE_CHARS) {
      this.emit(chunk.channel, buffered.slice(0, MAX_LIVE_LINE_CHARS));
      buffered = buffered.slice(MAX_LIVE_LINE_CHARS);
    }
    this.pending[chunk.channel] = buffered;
  };

  /** The run ended: the unfinished last line of each channel, then the notice when it was cut. */
  finish(truncated: boolean): void {
    for (const channel of ['stdout', 'stderr'] as const) {
      if (this.pending[channel] !== '') {
        this.emit(channel, this.pending[channel]);
        this.pending[channel] = '';
      }
    }
    if (truncated) {
      this.emit('stdout', LIVE_TRUNCATION_NOTICE);
    }
    this.full = true;
  }

  private withinCap(text: string): string {
    const bytes = Buffer.byteLength(text);
    if (this.passed + bytes <= this.capBytes) {
      this.passed += bytes;
      return text;
    }
    // A runner already stops at the cap; this keeps a runtime that does not from flooding.
    this.full = true;
    const room = Buffer.from(text).subarray(0, this.capBytes - this.passed);
    this.passed = this.capBytes;
    // A character cut by the cap is dropped, not mangled.
    return room.toString('utf8').replace(/\uFFFD$/, '');
  }

  private emit(channel: OutputChannel, message: string): void {
    for (let start = 0; start < message.length || start === 0; start += MAX_LIVE_LINE_CHARS) {
      this.deliver(channel, message.slice(start, start + MAX_LIVE_LINE_CHARS));
    }
  }

  private deliver(channel: OutputChannel, message: string): void {
    try {
      this.progress.log({ at: toTimestamp(Date.now()), channel, message });
    } catch (error) {
      if (!this.reported) {
        this.reported = true;
        new Logger('ProgramRunner').warn(
          `invocation progress failed (its failures are ignored for the rest of the run): ${String(error)}`,
        );
      }
    }
  }
}
