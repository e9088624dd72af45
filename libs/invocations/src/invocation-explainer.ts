import { Injectable } from '@nestjs/common';
import type { ExplainDecision } from '#app/contracts';
import { InvocationAdmission, type InvokeRequest } from './invocation-admission.js';
import { InvocationGates } from './invocation-gates.js';

/**
 * API.md 5.23: why a call would be refused, before trying. The same admission as invoke (A5–A8, so
 * 400/404/413 are invoke's), then every gate explained in invoke's order. Nothing else of the
 * pipeline runs: no record, correlation claim, audit line, metric, span, window hit or slot.
 */
@Injectable()
export class InvocationExplainer {
  constructor(
    private readonly admission: InvocationAdmission,
    private readonly gates: InvocationGates,
  ) {}

  async explain(request: InvokeRequest): Promise<ExplainDecision> {
    const context = this.admission.admit(request);
    const { checks, refusal } = await this.gates.explain(context);
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
