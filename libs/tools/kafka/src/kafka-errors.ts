import { AppException } from '#app/errors';

// kafkajs wraps protocol errors in retry errors; the broker's error type is on the innermost one.
function protocolType(error: unknown): string | undefined {
  let current: unknown = error;
  for (let depth = 0; depth < 5 && current instanceof Error; depth += 1) {
    const type = (current as { type?: unknown }).type;
    if (typeof type === 'string') {
      return type;
    }
    current =
      (current as { cause?: unknown; originalError?: unknown }).cause ??
      (current as { originalError?: unknown }).originalError;
  }
  return undefined;
}

/** An unknown topic or partition is `not_found` (CATALOG.md 12); anything else passes unchanged. */
export function mapTopicError(error: unknown, what: 'topic' | 'partition' = 'topic'): unknown {
  if (protocolType(error) === 'UNKNOWN_TOPIC_OR_PARTITION') {
    return new AppException('not_found', `${what} not found`);
  }
  return error;
}

/** The broker refused an absolute offset outside the partition's log. */
export function isOffsetOutOfRange(error: unknown): boolean {
  return protocolType(error) === 'OFFSET_OUT_OF_RANGE';
}
