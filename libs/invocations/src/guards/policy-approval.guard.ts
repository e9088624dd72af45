import { Injectable } from '@nestjs/common';
import { AppException } from '#app/errors';
import { PolicyEngine } from '#app/policy';
import type { InvocationContext } from '../invocation-context.js';
import type { GateCheck, InvocationGuard } from '../invocation-guard.js';

/**
 * D3: the static policy (API.md 7) — scope, risk, approval, paths, args, metadata allowlists.
 * Fails closed: an engine error is not a pass (the pipeline records it as `internal`).
 */
@Injectable()
export class PolicyApprovalGuard implements InvocationGuard {
  constructor(private readonly engine: PolicyEngine) {}

  async check({
    capability,
    session,
    args,
    approved,
    workspace,
  }: InvocationContext): Promise<void> {
    const decision = await this.engine.evaluate({ capability, session, args, approved, workspace });
    if (!decision.allowed) {
      throw new AppException(decision.code, decision.message);
    }
  }

  /**
   * Every rule of the static policy (`policy.*` of API.md 5.23), with the engine's denial on the
   * first `fail`: the error `check` would throw.
   */
  async explain({
    capability,
    session,
    args,
    approved,
    workspace,
  }: InvocationContext): Promise<GateCheck[]> {
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
}
