import { Inject, Injectable } from '@nestjs/common';
import type { ErrorCode, ExplainCheck } from '#app/contracts';
import { AppException } from '#app/errors';
import type { InvocationContext } from './invocation-context.js';
import type { GateCheck, InvocationGuard } from './invocation-guard.js';
import type { InvocationHandle } from './invocation-handle.js';
import type { GateOutcome } from './invocation-outcome.js';
import { INVOCATION_GUARDS } from './invocation-pipeline.tokens.js';

const DENIAL_CODES: ReadonlySet<ErrorCode> = new Set([
  'policy_denied',
  'approval_required',
  'rate_limited',
  'quota_exceeded',
]);

/** D1–D4, in the order the invocations module fixed. The handle keeps what a gate must release later. */
@Injectable()
export class InvocationGates {
  constructor(@Inject(INVOCATION_GUARDS) private readonly guards: readonly InvocationGuard[]) {}

  async pass(context: InvocationContext, handle: InvocationHandle): Promise<GateOutcome> {
    for (const guard of this.guards) {
      let release: (() => Promise<void>) | void;
      try {
        release = await guard.check(context);
      } catch (error) {
        return refusal(error);
      }
      if (release) {
        handle.hold(release);
      }
    }
    return { status: 'passed' };
  }

  /**
   * Every gate's checks in the same order as `pass` (API.md 5.23), without side effects. The refusal
   * is the first failing check's: the error `pass` would end on, were the call made now.
   */
  async explain(context: InvocationContext): Promise<GateExplanation> {
    const gateChecks: GateCheck[] = [];
    for (const guard of this.guards) {
      gateChecks.push(...(await guard.explain(context)));
    }
    const refusal = gateChecks.find((check) => check.refusal !== undefined)?.refusal ?? null;
    return {
      checks: gateChecks.map(({ name, result, detail }) => ({ name, result, detail })),
      refusal,
    };
  }
}

export interface GateExplanation {
  checks: ExplainCheck[];
  refusal: { code: ErrorCode; message: string } | null;
}

/**
 * Only a refusal is a denial; a gate that could not decide (engine crash, unreachable counters)
 * fails the invocation with its own code, or `internal` (API.md 6 D3).
 */
function refusal(error: unknown): GateOutcome {
  if (!(error instanceof AppException)) {
    return {
      status: 'failed',
      error: { code: 'internal', message: 'policy evaluation failed', retryable: false },
      record: {},
    };
  }
  const status = DENIAL_CODES.has(error.code) ? 'denied' : 'failed';
  return {
    status,
    error: error.toBody(),
    record: {},
    headers: error.headers,
    details: error.details,
  };
}
