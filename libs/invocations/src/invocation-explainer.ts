import { Injectable } from '@nestjs/common';
import type { ExplainDecision } from '#app/contracts';
import { ServiceMetrics } from '#app/observability';
import { InvocationAdmission, type InvokeRequest } from './invocation-admission.js';
import { InvocationGates } from './invocation-gates.js';

/**
 * API.md 5.23: why a call would be refused, before trying. The same admission as invoke (A5–A8, so
 * 400/404/413 are invoke's), then every gate explained in invoke's order. Nothing else of the
 * pipeline runs: no record, correlation claim, audit line, invocation metric, span, window hit or
 * slot. Only `workspace_policy_explain_total` counts the answer.
 */
@Injectable()
export class InvocationExplainer {
  constructor(
    private readonly admission: InvocationAdmission,
    private readonly gates: InvocationGates,
    private readonly metrics: ServiceMetrics,
  ) {}

  async explain(request: InvokeRequest): Promise<ExplainDecision> {
    const context = this.admission.admit(request);
    const { checks, refusal } = await this.gates.explain(context);
    this.metrics.policyExplained(context.toolName, refusal === null);
    return {
      allowed: refusal === null,
      code: refusal?.code ?? null,
      message: refusal?.message ?? null,
      requires_approval: checks.some(
        ({ name, result }) => name === 'policy.approval' && result === 'fail',
      ),
      checks,
    };
  }
}
