import type { Approval, ApprovalActor, ApprovalStatus } from '#app/contracts';

/** What a store keeps: `expired` is computed on read from `expires_at` (API.md 2.7), never stored. */
export type StoredApprovalStatus = Exclude<ApprovalStatus, 'expired'>;

export interface StoredApproval extends Omit<Approval, 'status'> {
  status: StoredApprovalStatus;
}

export interface ApprovalDecision {
  status: 'approved' | 'denied';
  decided_by: ApprovalActor;
  decided_at: string;
  reason?: string;
}

export type DecideResult =
  | { outcome: 'decided'; approval: StoredApproval }
  /** Unknown id, or an id of another tenant (the caller answers both alike, so ids do not leak). */
  | { outcome: 'missing' }
  /** Still pending but past `expires_at`: nothing changed. */
  | { outcome: 'expired'; approval: StoredApproval }
  /** Already approved, denied or used: nothing changed. */
  | { outcome: 'not_pending'; approval: StoredApproval };

/** The call that wants to use an approval: every field must match the request (API.md 7.3). */
export interface ApprovalUse {
  tenant: string;
  session_id: string;
  tool_name: string;
  args_sha256: string;
  used_at: string;
  invocation_id: string;
}

export type ConsumeRefusal = 'mismatch' | 'used' | 'denied' | 'expired' | 'pending';

export type ConsumeResult =
  | { outcome: 'consumed'; approval: StoredApproval }
  | { outcome: 'missing' }
  | { outcome: ConsumeRefusal; approval: StoredApproval };

/**
 * Approval requests (API.md 7.3, docs/STORES.md). Memory when both stores are memory; Valkey when
 * either store is, so a request approved through one replica is consumed once across all of them.
 * `decide` and `consume` are atomic: a request leaves `pending` once, and leaves `approved` for
 * `used` once, whatever the number of concurrent callers.
 *
 * Records are kept until `expires_at` plus the retention the adapter was built with, then vanish.
 */
export abstract class ApprovalStore {
  abstract create(approval: StoredApproval): Promise<void>;

  /** The record, whatever its tenant (the caller compares), or `null` when unknown or gone. */
  abstract get(id: string): Promise<StoredApproval | null>;

  /** The tenant's records still kept, newest first, at most `limit`. */
  abstract listForTenant(tenant: string, limit: number): Promise<StoredApproval[]>;

  /** pending → approved/denied, only when the record is the tenant's, pending and unexpired at `nowMs`. */
  abstract decide(
    id: string,
    tenant: string,
    decision: ApprovalDecision,
    nowMs: number,
  ): Promise<DecideResult>;

  /**
   * approved → used, only when the record is the tenant's and matches the call (session, tool,
   * args hash), is approved, and is unexpired at `nowMs`. Checked in this order: mismatch, used,
   * denied, expired, pending — all in the same atomic step as the change.
   */
  abstract consume(id: string, use: ApprovalUse, nowMs: number): Promise<ConsumeResult>;
}

/** The order of {@link ApprovalStore.consume}'s checks, shared by the adapters. */
export function consumeRefusal(
  approval: StoredApproval,
  use: ApprovalUse,
  nowMs: number,
): ConsumeRefusal | null {
  if (
    approval.session_id !== use.session_id ||
    approval.tool_name !== use.tool_name ||
    approval.args_sha256 !== use.args_sha256
  ) {
    return 'mismatch';
  }
  if (approval.status === 'used' || approval.status === 'denied') {
    return approval.status;
  }
  if (nowMs >= Date.parse(approval.expires_at)) {
    return 'expired';
  }
  return approval.status === 'pending' ? 'pending' : null;
}
