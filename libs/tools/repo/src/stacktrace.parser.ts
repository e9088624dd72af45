export type TraceType = 'go_panic' | 'go_fatal' | 'python' | 'java' | 'rust_panic' | 'generic';

export type StackTrace = {
  type: TraceType;
  /** The start line, trimmed, at most 240 characters. */
  message: string;
  /** The first `max_frames` frame lines, trimmed. */
  frames: string[];
  /** All frame lines of this trace. */
  frame_count: number;
};

export const MAX_TRACE_MESSAGE = 240;

function traceStart(line: string): TraceType | undefined {
  if (line.startsWith('panic:')) {
    return 'go_panic';
  }
  if (line.startsWith('fatal error:')) {
    return 'go_fatal';
  }
  if (line.startsWith('Traceback (most recent call last):')) {
    return 'python';
  }
  if (line.startsWith('Exception in thread')) {
    return 'java';
  }
  if (/thread '.*' panicked/.test(line)) {
    return 'rust_panic';
  }
  if (/stack trace/i.test(line)) {
    return 'generic';
  }
  return undefined;
}

function isFrame(trimmed: string): boolean {
  return (
    /^(at |#|goroutine |Caused by:)/.test(trimmed) ||
    /^File ".*", line \d+/.test(trimmed) ||
    /[^\s:]+:\d+(:\d+)?/.test(trimmed) ||
    ['.go:', '.py', '.rs:', '.java:'].some((marker) => trimmed.includes(marker))
  );
}

/**
 * CATALOG.md 6 `repo.stacktrace_summary`: a trace starts at a recognised start line (trimmed); the
 * following frame-like lines belong to it until the next start. Returns every trace found; callers
 * cut at `max_traces`.
 */
export function parseStackTraces(text: string, maxFrames: number): StackTrace[] {
  const traces: StackTrace[] = [];
  let current: StackTrace | undefined;
  for (const line of text.split('\n')) {
    const trimmed = line.trim();
    const type = traceStart(trimmed);
    if (type !== undefined) {
      current = { type, message: trimmed.slice(0, MAX_TRACE_MESSAGE), frames: [], frame_count: 0 };
      traces.push(current);
      continue;
    }
    if (current !== undefined && trimmed !== '' && isFrame(trimmed)) {
      current.frame_count += 1;
      if (current.frames.length < maxFrames) {
        current.frames.push(trimmed);
      }
    }
  }
  return traces;
}
