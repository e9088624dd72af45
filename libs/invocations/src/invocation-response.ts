import type { ErrorCode, Invocation } from '#app/contracts';
import { AppException } from '#app/errors';
import { retryAfterFor } from './guards/rate-limit-denials.js';

/** The HTTP error for a finished, unsuccessful record; every 429 carries Retry-After, replays included. */
export function responseError(
  record: Invocation,
  headers: Record<string, string>,
  nowMs: number,
  details: Record<string, unknown> = {},
): AppException {
  const error = record.error ?? {
    code: 'internal',
    message: 'invocation failed',
    retryable: false,
  };
  return new AppException(error.code as ErrorCode, error.message, {
    retryable: error.retryable,
    invocation: record,
    headers: { ...retryAfterFor(error, nowMs), ...headers },
    details,
  });
}
