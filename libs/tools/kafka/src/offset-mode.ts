import { AppException } from '#app/errors';
import type { StartPosition } from './kafka-partition-reader.js';

export type OffsetMode = StartPosition['mode'];

const MODES: readonly OffsetMode[] = ['earliest', 'latest', 'absolute', 'timestamp'];

/** The `kafka.consume` args that choose where reading starts (validated by the tool schema). */
export interface StartArgs {
  readonly offset_mode?: string;
  readonly offset?: number | string;
  readonly timestamp_ms?: number;
}

/**
 * CATALOG.md 12 `kafka.consume` mode resolution: an explicit `offset_mode` wins; otherwise
 * `timestamp_ms` → timestamp, an offset word → that mode, a numeric offset → absolute, else latest.
 *
 * @throws AppException `invalid_argument` for the five contradictions the catalog lists
 */
export function resolveStartPosition(args: StartArgs): StartPosition {
  const offset = readOffset(args.offset);
  const timestampMs =
    args.timestamp_ms === undefined ? undefined : Math.max(0, Math.trunc(args.timestamp_ms));
  const explicit = MODES.find((mode) => mode === args.offset_mode);
  const mode: OffsetMode =
    explicit ??
    (timestampMs !== undefined
      ? 'timestamp'
      : offset === undefined
        ? 'latest'
        : typeof offset === 'bigint'
          ? 'absolute'
          : offset);
  if (typeof offset === 'string' && offset !== mode) {
    throw invalid(`offset "${offset}" contradicts offset_mode ${mode}`);
  }
  if (typeof offset === 'bigint' && mode !== 'absolute') {
    throw invalid(`a numeric offset requires offset_mode absolute, not ${mode}`);
  }
  switch (mode) {
    case 'absolute':
      if (typeof offset !== 'bigint') {
        throw invalid('offset_mode absolute requires a numeric offset');
      }
      return { mode, offset };
    case 'timestamp':
      if (offset !== undefined) {
        throw invalid('offset must not be given with offset_mode timestamp');
      }
      if (timestampMs === undefined) {
        throw invalid('offset_mode timestamp requires timestamp_ms');
      }
      return { mode, timestampMs };
    case 'earliest':
    case 'latest':
      return { mode };
  }
}

// The schema admits an integer ≥ 0 or a string matching ^(earliest|latest|[0-9]+)$.
function readOffset(value: unknown): bigint | 'earliest' | 'latest' | undefined {
  if (typeof value === 'number' && Number.isInteger(value) && value >= 0) {
    return BigInt(value);
  }
  if (value === 'earliest' || value === 'latest') {
    return value;
  }
  if (typeof value === 'string' && /^[0-9]+$/.test(value)) {
    return BigInt(value);
  }
  return undefined;
}

function invalid(message: string): AppException {
  return new AppException('invalid_argument', message);
}
