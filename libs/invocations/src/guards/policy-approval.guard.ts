import { Injectable } from '@nestjs/common';
import { AppConfig } from '#app/config';
import { AppException } from '#app/errors';
import { type PolicyDecision, PolicyEngine } from '#app/policy';
import { ApprovalGate } from '../approvals/approval-gate.js';
import type { InvocationContext } from '../invocation-context.js';
import type { GateCheck, InvocationGuard } from '../invocation-guard.js';

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

  /**
   * Every rule of the static policy (`policy.*` of API.md 5.23), with the engine's denial on the
   * first `fail`: the error `check` would throw.
   */
  async explain(context: InvocationContext): Promise<GateCheck[]> {
    const { capability, session, args, workspace } = context;
    const approved =
      this.config.approvals.mode === 'flag'
        ? context.approved
        : await this.wouldBeApproved(context);
    const { decision, checks } = await this.engine.explain({
      capability,
      session,
      args,
      approved,
      workspace,
    });
    const denied = decision.allowed ? -1 : checks.findIndex(({ result }) => result === 'fail');
    return checks.map((check, index) =>
      index === denied && !decision.allowed
        ? { ...check, refusal: { code: decision.code, message: decision.message } }
        : check,
    );
  }

  /**
   * Request mode: the call counts as approved only when its `approval_id` names an approval the
   * gate would accept now (read, never consumed). Without one nothing is requested: explain
   * creates no approval request.
   */
  private async wouldBeApproved(context: InvocationContext): Promise<boolean> {
    if (context.approval.id === '') {
      return false;
    }
    try {
      await this.approvals.admit(context);
      return true;
    } catch (error) {
      if (error instanceof AppException) {
        return false;
      }
      throw error;
    }
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
