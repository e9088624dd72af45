import { Injectable } from '@nestjs/common';
import { AppConfig } from '#app/config';
import { type Approval, type ApprovalStatus, type Principal, toTimestamp } from '#app/contracts';
import { AppException } from '#app/errors';
import { AuditLog } from '#app/observability';
import { hasAnyRole } from '#app/policy';
import { ApprovalStore, Clock, type StoredApproval } from '#app/stores';
import { approvalView } from './approval-view.js';

/** API.md 5.19: the list answers at most this many requests, newest first. */
export const APPROVAL_LIST_LIMIT = 500;

export const APPROVER_ROLES = ['approver', 'platform_admin'] as const;

/**
 * The approver side of approval requests (API.md 5.19–5.22): list, read and decide, for principals
 * holding `approver` or `platform_admin`, within their own tenant only — another tenant's request
 * answers 404 like an unknown one, so ids do not leak across tenants.
 */
@Injectable()
export class ApprovalDecisions {
  constructor(
    private readonly store: ApprovalStore,
    private readonly config: AppConfig,
    private readonly clock: Clock,
    private readonly audit: AuditLog,
  ) {}

  async list(caller: Principal | null, readStatus: () => ApprovalStatus): Promise<Approval[]> {
    const approver = this.approver(caller);
    const status = readStatus();
    const now = this.clock.now();
    const stored = await this.store.listForTenant(approver.tenant_id, APPROVAL_LIST_LIMIT);
    return stored
      .map((record) => approvalView(record, now))
      .filter((approval) => approval.status === status);
  }

  async read(caller: Principal | null, id: string): Promise<Approval> {
    const approver = this.approver(caller);
    return approvalView(await this.find(approver, id), this.clock.now());
  }

  /**
   * pending → approved/denied, once. The requester may deny (withdraw) their own request but not
   * approve it, unless `WORKSPACE_APPROVAL_ALLOW_SELF=true`. `reason` is parsed by the caller
   * after these checks (API.md 4.3: lookup and permission before the body).
   */
  async decide(
    caller: Principal | null,
    id: string,
    status: 'approved' | 'denied',
    readReason: () => string | undefined,
  ): Promise<Approval> {
    const approver = this.approver(caller);
    const found = await this.find(approver, id);
    const self =
      found.requested_by.tenant === approver.tenant_id &&
      found.requested_by.actor === approver.actor_id;
    if (self && status === 'approved' && !this.config.approvals.allowSelf) {
      throw new AppException('policy_denied', 'approver cannot approve their own request');
    }
    const reason = readReason();
    const now = this.clock.now();
    const by = { tenant: approver.tenant_id, actor: approver.actor_id };
    const result = await this.store.decide(
      id,
      approver.tenant_id,
      {
        status,
        decided_by: by,
        decided_at: toTimestamp(now),
        ...(reason !== undefined ? { reason } : {}),
      },
      now,
    );
    switch (result.outcome) {
      case 'missing':
        throw notFound();
      case 'expired':
        throw new AppException('conflict', 'approval request has expired');
      case 'not_pending':
        throw new AppException('conflict', `approval request is already ${result.approval.status}`);
      case 'decided': {
        const approval = approvalView(result.approval, now);
        this.audit.recordApproval({ event: status, approval, by, at: toTimestamp(now) });
        return approval;
      }
    }
  }

  /**
   * Order of API.md 5.19: the routes exist only in request mode (404 otherwise), then the role
   * (403) before any lookup, so a non-approver learns nothing about ids.
   */
  private approver(caller: Principal | null): Principal {
    if (this.config.approvals.mode !== 'request') {
      throw new AppException('not_found', 'approval requests are not enabled');
    }
    if (!caller) {
      // Request mode requires trusted_headers (CONFIG.md 2.5); reaching here is a mis-wired route.
      throw new AppException('unauthorized', 'invalid authentication token');
    }
    if (!hasAnyRole(caller.roles, ...APPROVER_ROLES)) {
      throw new AppException('policy_denied', 'approver role required');
    }
    return caller;
  }

  private async find(approver: Principal, id: string): Promise<StoredApproval> {
    const found = await this.store.get(id);
    if (!found || found.requested_by.tenant !== approver.tenant_id) {
      throw notFound();
    }
    return found;
  }
}

function notFound(): AppException {
  return new AppException('not_found', 'approval request not found');
}
