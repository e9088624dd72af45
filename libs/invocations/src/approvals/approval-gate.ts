import { Injectable } from '@nestjs/common';
import { AppConfig } from '#app/config';
import { toTimestamp } from '#app/contracts';
import { AppException } from '#app/errors';
import { argsSha256, AuditLog, redact } from '#app/observability';
import { generateId } from '#app/sessions';
import { ApprovalStore, type ApprovalUse, Clock, consumeRefusal } from '#app/stores';
import type { InvocationContext } from '../invocation-context.js';
import { approvalRefusal, approvalView } from './approval-view.js';

export const APPROVAL_FLAG_REFUSED =
  'approval request required: "approved" is not accepted in request mode';
export const APPROVAL_REQUIRED = 'tool requires explicit approval';

/**
 * The invocation side of approval requests (API.md 7.3, request mode): D3 asks {@link admit} once
 * the policy would allow the call but for approval; the approval gate after D4 calls
 * {@link consume}. The call is named by session, tool and the canonical hash of the args as sent
 * (API.md 11.3 — the same hash the audit line carries), so any other call needs its own approval.
 */
@Injectable()
export class ApprovalGate {
  constructor(
    private readonly store: ApprovalStore,
    private readonly config: AppConfig,
    private readonly clock: Clock,
    private readonly audit: AuditLog,
  ) {}

  /**
   * Without `approval_id`: creates a pending request and refuses with 428 carrying it. With one:
   * refuses unless it is approved for exactly this call, unexpired and unused — then marks the
   * context so that the approval gate consumes it.
   */
  async admit(context: InvocationContext): Promise<void> {
    const now = this.clock.now();
    if (context.approval.id === '') {
      throw await this.request(context, now);
    }
    const stored = await this.store.get(context.approval.id);
    if (!stored || stored.requested_by.tenant !== context.session.principal.tenant_id) {
      throw approvalRefusal('missing', undefined, now);
    }
    const refusal = consumeRefusal(stored, this.useOf(context, now), now);
    if (refusal) {
      throw approvalRefusal(refusal, stored, now);
    }
    context.approval.consume = true;
  }

  /** Uses the approval up, atomically and once across replicas; then the call is approved. */
  async consume(context: InvocationContext): Promise<void> {
    const now = this.clock.now();
    const use = this.useOf(context, now);
    const result = await this.store.consume(context.approval.id, use, now);
    if (result.outcome !== 'consumed') {
      throw approvalRefusal(
        result.outcome,
        result.outcome === 'missing' ? undefined : result.approval,
        now,
      );
    }
    context.approved = true;
    this.audit.recordApproval({
      event: 'used',
      approval: approvalView(result.approval, now),
      by: { tenant: use.tenant, actor: context.session.principal.actor_id },
      invocationId: context.invocationId,
      at: use.used_at,
    });
  }

  private async request(context: InvocationContext, now: number): Promise<AppException> {
    const { principal } = context.session;
    const stored = {
      id: generateId('approval'),
      status: 'pending' as const,
      session_id: context.session.id,
      tool_name: context.toolName,
      args_sha256: argsSha256(context.args),
      args: redact(context.args) as typeof context.args,
      requested_by: { tenant: principal.tenant_id, actor: principal.actor_id },
      created_at: toTimestamp(now),
      expires_at: toTimestamp(now + this.config.approvals.ttlSeconds * 1000),
    };
    await this.store.create(stored);
    const approval = approvalView(stored, now);
    this.audit.recordApproval({
      event: 'requested',
      approval,
      by: stored.requested_by,
      invocationId: context.invocationId,
      at: stored.created_at,
    });
    return new AppException(
      'approval_required',
      context.approval.flag ? APPROVAL_FLAG_REFUSED : APPROVAL_REQUIRED,
      { details: { approval_request: approval } },
    );
  }

  private useOf(context: InvocationContext, now: number): ApprovalUse {
    return {
      tenant: context.session.principal.tenant_id,
      session_id: context.session.id,
      tool_name: context.toolName,
      args_sha256: argsSha256(context.args),
      used_at: toTimestamp(now),
      invocation_id: context.invocationId,
    };
  }
}
