import { StringDecoder } from 'node:string_decoder';

export type OutputChannel = 'stdout' | 'stderr';

/** A piece of a running program's output as it arrived, decoded: never half a character. */
export interface OutputChunk {
  channel: OutputChannel;
  text: string;
}

/**
 * Hears a program's output while it runs (`ExecOptions.onOutput`). What it throws (or a promise
 * it returns rejects with) is reported and ignored: a listener can never break the run.
 */
export type OutputListener = (chunk: OutputChunk) => void;

/**
 * The live side of one program run, beside the {@link OutputCollector} that keeps the result:
 * decodes each stream as UTF-8 across chunk boundaries (a `StringDecoder` per channel), passes on
 * at most `capBytes` bytes in all (the run's output cap, so a listener never sees more than the
 * result could hold), and shields the run from its listener.
 */
export class LiveOutput {
  private readonly decoders: Record<OutputChannel, StringDecoder> = {
    stdout: new StringDecoder('utf8'),
    stderr: new StringDecoder('utf8'),
  };
  private passed = 0;
  private closed = false;
  private reported = false;

  constructor(
    private readonly listener: OutputListener | undefined,
    private readonly capBytes: number,
    /** Told about the first failure of the listener only: one broken listener, one report. */
    private readonly onListenerError: (error: unknown) => void,
  ) {}

  push(channel: OutputChannel, chunk: Buffer): void {
    if (this.listener === undefined || this.closed) {
      return;
    }
    const room = this.capBytes - this.passed;
    if (chunk.length >= room) {
      // At the cap: a character split by it is dropped (as the result drops it), and nothing more
      // follows on either channel.
      this.closed = true;
    }
    const part = chunk.length > room ? chunk.subarray(0, Math.max(0, room)) : chunk;
    this.passed += part.length;
    this.deliver(channel, this.decoders[channel].write(part));
  }

  /**
   * The run is over: an incomplete character left at the end of a stream becomes U+FFFD (as in the
   * result's output), and nothing is passed on after this.
   */
  finish(): void {
    if (this.listener === undefined || this.closed) {
      return;
    }
    this.closed = true;
    this.deliver('stdout', this.decoders.stdout.end());
    this.deliver('stderr', this.decoders.stderr.end());
  }

  private deliver(channel: OutputChannel, text: string): void {
    if (text === '' || this.listener === undefined) {
      return;
    }
    deliverSafely(this.listener, { channel, text }, (error) => this.report(error));
  }

  private report(error: unknown): void {
    if (!this.reported) {
      this.reported = true;
      this.onListenerError(error);
    }
  }
}

/** Calls `listener`, catching what it throws or what a promise it returns rejects with. */
export function deliverSafely(
  listener: OutputListener,
  chunk: OutputChunk,
  onError: (error: unknown) => void,
): void {
  try {
    // The declared type says void, but an async function is assignable to it.
    const returned: unknown = listener(chunk);
    if (returned instanceof Promise) {
      returned.catch(onError);
    }
  } catch (error) {
    onError(error);
  }
}
