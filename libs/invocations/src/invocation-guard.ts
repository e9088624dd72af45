import type { InvocationContext } from './invocation-context.js';

/**
 * A tool-level guard of the invoke pipeline (API.md 6 D1–D4). It runs after the invocation record
 * exists, so a denial is recorded, audited and counted; it denies by throwing an `AppException`.
 * It may return a release callback that the invocation's handle calls when execution ends.
 */
export interface InvocationGuard {
  check(context: InvocationContext): Promise<(() => Promise<void>) | void>;
}
