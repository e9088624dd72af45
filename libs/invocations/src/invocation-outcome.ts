import type { ErrorBody, Invocation } from '#app/contracts';
import type { InlineBlob } from '#app/stores';

/** A terminal outcome, decided by whichever step ended the invocation (API.md 6 C1–E8). */
export type InvocationOutcome = SucceededOutcome | RefusedOutcome;

export interface SucceededOutcome {
  readonly status: 'succeeded';
  /** Result fields for the record: output, logs, artifacts, references, exit code, truncation. */
  readonly record: Partial<Invocation>;
  /** Bytes of the record's artifacts kept with it (E4), written with the terminal save (E9). */
  readonly blobs?: readonly InlineBlob[];
}

export interface RefusedOutcome {
  /** `cancelled`: a caller's cancel ended it (API.md 5.18); its error is `cancelled`. */
  readonly status: 'failed' | 'denied' | 'cancelled';
  readonly error: ErrorBody;
  readonly record: Partial<Invocation>;
  /** As {@link SucceededOutcome.blobs}: a failed or cancelled result keeps what it persisted. */
  readonly blobs?: readonly InlineBlob[];
  /** Response headers the refusing step set, e.g. `Retry-After`. */
  readonly headers?: Record<string, string>;
  /** Error-body members the refusing step set, e.g. `approval_request` (API.md 7.3). */
  readonly details?: Record<string, unknown>;
}

/** D1–D4 either let the invocation run or end it. */
export type GateOutcome = { readonly status: 'passed' } | RefusedOutcome;

/** The correlation claim of C1: this record owns the key, a twin does, or the store failed. */
export type ClaimOutcome =
  | { readonly status: 'owned' }
  | { readonly status: 'lost'; readonly ownerId: string }
  | RefusedOutcome;

export function failed(
  error: ErrorBody,
  record: Partial<Invocation> = {},
  blobs?: readonly InlineBlob[],
): RefusedOutcome {
  return { status: 'failed', error, record, ...(blobs && blobs.length > 0 ? { blobs } : {}) };
}
