import type { ErrorCode } from './error-codes.js';

/** How one check of the invoke pipeline stands for a call (API.md 5.23). */
export type CheckResult = 'pass' | 'fail' | 'skip';

/** One check of an explained call; `name` is one of the stable names of API.md 5.23. */
export interface ExplainCheck {
  name: string;
  result: CheckResult;
  /** Why, for a person or an orchestrator; a `fail` starts with the message invoke would answer. */
  detail: string;
}

/**
 * What `POST …/explain` answers (API.md 5.23): the decision invoke would reach now, and every check
 * behind it. `code`/`message` are the first failure's, exactly invoke's error; `null` when allowed.
 */
export interface ExplainDecision {
  allowed: boolean;
  code: ErrorCode | null;
  message: string | null;
  requires_approval: boolean;
  checks: ExplainCheck[];
}
