import { Injectable } from '@nestjs/common';
import { AppConfig } from '#app/config';
import { AppException } from '#app/errors';
import { type PolicyDecision, PolicyEngine } from '#app/policy';
import { ApprovalGate } from '../approvals/approval-gate.js';
import type { InvocationContext } from '../invocation-context.js';
import type { InvocationGuard } from '../invocation-guard.js';

/**
 * D3: the static policy (API.md 7) — scope, risk, approval, paths, args, metadata allowlists.
 * Fails closed: an engine error is not a pass (the pipeline records it as `internal`).
 *
 * In approval request mode (API.md 7.3) the body's flag approves nothing: the policy runs as not
 * approved, and when approval is all it misses (the same call approved would pass), the approval
 * gate takes over. Any other denial is answered first, so no request is made for a call that
 * would be refused anyway.
 */
@Injectable()
export class PolicyApprovalGuard implements InvocationGuard {
  constructor(
    private readonly engine: PolicyEngine,
    private readonly config: AppConfig,
    private readonly approvals: ApprovalGate,
  ) {}

  async check(context: InvocationContext): Promise<void> {
    if (this.config.approvals.mode === 'flag') {
      refuseUnlessAllowed(await this.evaluate(context, context.approved));
      return;
    }
    const decision = await this.evaluate(context, false);
    if (decision.allowed) {
      return;
    }
    if (decision.code !== 'approval_required') {
      refuseUnlessAllowed(decision);
    }
    refuseUnlessAllowed(await this.evaluate(context, true));
    await this.approvals.admit(context);
  }

  private evaluate(
    { capability, session, args, workspace }: InvocationContext,
    approved: boolean,
  ): Promise<PolicyDecision> {
    return this.engine.evaluate({ capability, session, args, approved, workspace });
  }
}

function refuseUnlessAllowed(decision: PolicyDecision): void {
  if (!decision.allowed) {
    throw new AppException(decision.code, decision.message);
  }
}
