/** Appended to output cut at its cap (API.md 8.3, CATALOG.md 3.4). */
export const TRUNCATION_MARKER = '\n[output truncated]';

/** One program run, local or in a pod (API.md 8.3). */
export interface ExecResult {
  /** Process status; 124 when the deadline killed it; -1 when it could not start. */
  exit_code: number;
  /** stdout and stderr combined in arrival order, capped. */
  output: string;
  truncated: boolean;
  timed_out: boolean;
  /** Set when the program could not start (message contains "not found" for a missing executable). */
  start_error?: string;
  duration_ms: number;
}

/**
 * Keeps the first `capBytes` bytes of a program's combined output, in arrival order, and keeps
 * accepting (and dropping) the rest so the program never blocks on a full pipe.
 */
export class OutputCollector {
  private readonly chunks: Buffer[] = [];
  private kept = 0;
  private cut = false;

  constructor(private readonly capBytes: number) {}

  push(chunk: Buffer): void {
    const room = this.capBytes - this.kept;
    if (chunk.length > room) {
      this.cut = true;
    }
    if (room <= 0) {
      return;
    }
    const part = chunk.length > room ? chunk.subarray(0, room) : chunk;
    this.chunks.push(part);
    this.kept += part.length;
  }

  /** Decodes as UTF-8; a multi-byte character split by the cap is dropped rather than mangled. */
  finish(): { output: string; truncated: boolean } {
    const bytes = Buffer.concat(this.chunks, this.kept);
    if (!this.cut) {
      return { output: bytes.toString('utf8'), truncated: false };
    }
    const end = utf8Boundary(bytes);
    return { output: bytes.toString('utf8', 0, end) + TRUNCATION_MARKER, truncated: true };
  }
}

/** Length of `bytes` without a trailing incomplete UTF-8 sequence. */
function utf8Boundary(bytes: Buffer): number {
  const length = bytes.length;
  // A sequence is at most 4 bytes, so its lead byte is within the last 4.
  for (let index = length - 1; index >= Math.max(0, length - 4); index--) {
    const byte = bytes[index];
    if ((byte & 0b1100_0000) === 0b1000_0000) {
      continue;
    }
    const needed = byte >= 0b1111_0000 ? 4 : byte >= 0b1110_0000 ? 3 : byte >= 0b1100_0000 ? 2 : 1;
    return index + needed > length ? index : length;
  }
  return length;
}
