import { Injectable } from '@nestjs/common';
import { ApprovalGate } from '../approvals/approval-gate.js';
import type { InvocationContext } from '../invocation-context.js';
import type { GateCheck, InvocationGuard } from '../invocation-guard.js';

/**
 * D5 (approval request mode, API.md 6/7.3): consumes the approval request D3 found for this call,
 * atomically and once across replicas. Last of the gates, so a rate or concurrency refusal never
 * uses an approval up; a concurrent twin that consumed it first makes this call refused.
 */
@Injectable()
export class ApprovalConsumeGuard implements InvocationGuard {
  constructor(private readonly approvals: ApprovalGate) {}

  async check(context: InvocationContext): Promise<void> {
    if (context.approval.consume) {
      await this.approvals.consume(context);
    }
  }

  /**
   * No check of its own in an explanation (API.md 5.23): whether the named approval would be
   * accepted is `policy.approval`'s answer, and explaining must not use it up.
   */
  async explain(): Promise<GateCheck[]> {
    return [];
  }
}
