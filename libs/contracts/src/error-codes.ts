/** Stable error codes of the public API (API.md 3.2). Adding one is a compile error until it is mapped. */
export const ERROR_CODES = [
  'invalid_argument',
  'unauthorized',
  'policy_denied',
  'quota_exceeded',
  'not_found',
  'method_not_allowed',
  'conflict',
  'cancelled',
  'payload_too_large',
  'approval_required',
  'rate_limited',
  'execution_failed',
  'internal',
  'unavailable',
  'timeout',
  'git_repo_error',
  'git_usage_error',
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];

/** HTTP status per code: the status is a pure function of the code, so replays answer identically. */
export const ERROR_HTTP_STATUS: Readonly<Record<ErrorCode, number>> = Object.freeze({
  invalid_argument: 400,
  unauthorized: 401,
  policy_denied: 403,
  quota_exceeded: 403,
  not_found: 404,
  method_not_allowed: 405,
  conflict: 409,
  cancelled: 409,
  payload_too_large: 413,
  approval_required: 428,
  rate_limited: 429,
  execution_failed: 500,
  internal: 500,
  unavailable: 503,
  timeout: 504,
  git_repo_error: 500,
  git_usage_error: 500,
});

/** Default `retryable` when the raiser does not say otherwise. */
export const DEFAULT_RETRYABLE: Readonly<Record<ErrorCode, boolean>> = Object.freeze({
  invalid_argument: false,
  unauthorized: false,
  policy_denied: false,
  quota_exceeded: false,
  not_found: false,
  method_not_allowed: false,
  conflict: false,
  cancelled: false,
  payload_too_large: false,
  approval_required: false,
  rate_limited: true,
  execution_failed: false,
  internal: false,
  unavailable: true,
  timeout: true,
  git_repo_error: false,
  git_usage_error: false,
});

export function isErrorCode(value: string): value is ErrorCode {
  return (ERROR_CODES as readonly string[]).includes(value);
}

/** Tool codes outside the table still get an answer: 500 (API.md 3.2). */
export function httpStatusForCode(code: string): number {
  return isErrorCode(code) ? ERROR_HTTP_STATUS[code] : 500;
}

/** `{code, message, retryable}` as it appears in envelopes and invocation records. */
export interface ErrorBody {
  code: string;
  message: string;
  retryable: boolean;
}
