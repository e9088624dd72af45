import type { ErrorBody } from '#app/contracts';
import { AppException } from '#app/errors';
import type { GateCheck } from '../invocation-guard.js';

/** When a rate-limited caller may try again (API.md 3.3): at the next UTC minute, or after a fixed wait. */
export type RetryAfter =
  { readonly kind: 'next_minute' } | { readonly kind: 'fixed'; readonly seconds: number };

export interface RateLimitDenial {
  /** The stable message of API.md 10.1/10.2; the record keeps it as its error message. */
  readonly message: string;
  readonly retryAfter: RetryAfter;
}

/** Every way D1 and D4 refuse, with the wait each one announces. The guards throw only these. */
export const RATE_LIMIT_DENIALS = {
  sessionWindow: {
    message: 'session invocation rate limit exceeded',
    retryAfter: { kind: 'next_minute' },
  },
  principalWindow: {
    message: 'principal invocation rate limit exceeded',
    retryAfter: { kind: 'next_minute' },
  },
  sessionConcurrency: {
    message: 'session invocation concurrency limit exceeded',
    retryAfter: { kind: 'fixed', seconds: 1 },
  },
} as const satisfies Record<string, RateLimitDenial>;

/** The 429 a guard throws: the `Retry-After` header is computed from the denial's rule, not its text. */
export function rateLimited(denial: RateLimitDenial, nowMs: number): AppException {
  return new AppException('rate_limited', denial.message, {
    headers: retryAfterHeader(denial.retryAfter, nowMs),
  });
}

/**
 * `Retry-After` for a `rate_limited` error whose denial is not at hand: a replayed record (every 429
 * carries it, replays included, API.md 3.3) or a tool's own error. A stored record keeps only its
 * error body, so the denial is looked up by its exact message in the closed set above; any other
 * waits for the next minute, like the window denials.
 */
export function retryAfterFor(error: ErrorBody, nowMs: number): Record<string, string> {
  if (error.code !== 'rate_limited') {
    return {};
  }
  const denial = Object.values(RATE_LIMIT_DENIALS).find(
    (candidate) => candidate.message === error.message,
  );
  return retryAfterHeader(denial?.retryAfter ?? { kind: 'next_minute' }, nowMs);
}

function retryAfterHeader(rule: RetryAfter, nowMs: number): Record<string, string> {
  return { 'Retry-After': String(retryAfterSeconds(rule, nowMs)) };
}

/** The wait a denial announces at `nowMs`, in whole seconds (at least 1). */
export function retryAfterSeconds(rule: RetryAfter, nowMs: number): number {
  return rule.kind === 'fixed' ? rule.seconds : Math.max(1, Math.ceil(60 - ((nowMs / 1000) % 60)));
}

/**
 * The explained form of a D1/D4 counter (API.md 5.23): `skip` when the limit is off, `pass` while
 * the next call still fits, else `fail` with the denial's message, the count and the wait.
 */
export function counterCheck(
  name: string,
  limit: { value: number; variable: string; unit: string },
  used: number | null,
  denial: RateLimitDenial,
  nowMs: number,
): GateCheck {
  if (used === null) {
    return { name, result: 'skip', detail: `no limit (${limit.variable} is 0)` };
  }
  const usage = `${used} of ${limit.value} ${limit.unit}`;
  if (used < limit.value) {
    return { name, result: 'pass', detail: usage };
  }
  const wait = retryAfterSeconds(denial.retryAfter, nowMs);
  return {
    name,
    result: 'fail',
    detail: `${denial.message}: ${usage}, retry after ${wait} s`,
    refusal: { code: 'rate_limited', message: denial.message },
  };
}
