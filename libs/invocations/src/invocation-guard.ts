import type { ErrorCode, ExplainCheck } from '#app/contracts';
import type { InvocationContext } from './invocation-context.js';

/** A check of an explained call; a `fail` carries the exact error the guard's `check` would throw. */
export interface GateCheck extends ExplainCheck {
  refusal?: { code: ErrorCode; message: string };
}

/**
 * A tool-level guard of the invoke pipeline (API.md 6 D1–D4). It runs after the invocation record
 * exists, so a denial is recorded, audited and counted; it denies by throwing an `AppException`.
 * It may return a release callback that the invocation's handle calls when execution ends.
 */
export interface InvocationGuard {
  check(context: InvocationContext): Promise<(() => Promise<void>) | void>;

  /**
   * What `check` would decide now, as named checks (API.md 5.23), without any side effect: no slot
   * or window consumed, nothing recorded. Rejects when the guard cannot tell (as `check` would).
   */
  explain(context: InvocationContext): Promise<GateCheck[]>;
}
