import type { LogLine } from '#app/contracts';
import { utf8Tail } from './utf8-cut.js';

/** The stored form of one log line: a line of `invocation-logs.jsonl` (API.md 6 E4). */
export function storedLogLineBytes(line: LogLine): number {
  return Buffer.byteLength(JSON.stringify(line), 'utf8') + 1;
}

export interface LogTail {
  lines: LogLine[];
  bytesDropped: number;
  linesDropped: number;
}

/**
 * The newest log lines whose stored form fits in `budget` bytes (API.md 10.3). The oldest line kept
 * may lose the head of its message (cut on a character boundary) so that one huge line still leaves
 * its tail. A line counts as dropped only when none of it is kept.
 */
export function fitLogTail(lines: readonly LogLine[], budget: number): LogTail {
  const sizes = lines.map(storedLogLineBytes);
  const total = sizes.reduce((sum, size) => sum + size, 0);
  if (total <= budget) {
    return { lines: [...lines], bytesDropped: 0, linesDropped: 0 };
  }
  let used = 0;
  let first = lines.length;
  while (first > 0 && used + sizes[first - 1] <= budget) {
    first -= 1;
    used += sizes[first];
  }
  const kept = lines.slice(first);
  const partial = first > 0 ? cutLine(lines[first - 1], budget - used) : null;
  if (partial) {
    kept.unshift(partial);
    used += storedLogLineBytes(partial);
  }
  return { lines: kept, bytesDropped: total - used, linesDropped: lines.length - kept.length };
}

/** The line with the tail of its message that fits in `room` stored bytes, or `null`. */
function cutLine(line: LogLine, room: number): LogLine | null {
  const overhead = storedLogLineBytes({ ...line, message: '' });
  const allowed = room - overhead;
  if (allowed <= 0) {
    return null;
  }
  // Every UTF-16 code unit is at least one UTF-8 byte, so the last `allowed` code units hold the
  // tail wanted; a low surrogate left without its pair at the front is dropped.
  // Handlers are typed to give strings; a cut must not crash on one that did not.
  let message = String(line.message ?? '').slice(-allowed);
  if (/^[\uDC00-\uDFFF]/.test(message)) {
    message = message.slice(1);
  }
  let take = allowed;
  // JSON escaping can make the stored message longer than its UTF-8 bytes: shrink in proportion
  // (and by at least one byte) until it fits.
  while (take > 0) {
    const cut = { ...line, message: utf8Tail(message, take) };
    const stored = storedLogLineBytes(cut) - overhead;
    if (stored <= allowed) {
      return cut.message === '' ? null : cut;
    }
    take = Math.min(take - 1, Math.floor((take * allowed) / stored));
  }
  return null;
}
