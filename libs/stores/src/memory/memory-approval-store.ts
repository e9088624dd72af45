import { plainCopy } from '#app/contracts';
import {
  type ApprovalDecision,
  ApprovalStore,
  type ApprovalUse,
  type ConsumeResult,
  consumeRefusal,
  type DecideResult,
  type StoredApproval,
} from '../approval-store.port.js';

/**
 * Process-local approval requests. Every method runs without an `await` between its read and its
 * write, so on the one event loop `decide` and `consume` are atomic.
 */
export class MemoryApprovalStore extends ApprovalStore {
  private readonly records = new Map<string, StoredApproval>();

  constructor(
    /** How long a record is kept after `expires_at`. */
    private readonly retentionSeconds: number,
    private readonly now: () => number = Date.now,
  ) {
    super();
  }

  async create(approval: StoredApproval): Promise<void> {
    this.prune();
    this.records.set(approval.id, plainCopy(approval));
  }

  async get(id: string): Promise<StoredApproval | null> {
    this.prune();
    const record = this.records.get(id);
    return record ? plainCopy(record) : null;
  }

  async listForTenant(tenant: string, limit: number): Promise<StoredApproval[]> {
    this.prune();
    return [...this.records.values()]
      .filter((record) => record.requested_by.tenant === tenant)
      .sort((a, b) => (a.created_at < b.created_at ? 1 : a.created_at > b.created_at ? -1 : 0))
      .slice(0, limit)
      .map((record) => plainCopy(record));
  }

  async decide(
    id: string,
    tenant: string,
    decision: ApprovalDecision,
    nowMs: number,
  ): Promise<DecideResult> {
    this.prune();
    const record = this.records.get(id);
    if (!record || record.requested_by.tenant !== tenant) {
      return { outcome: 'missing' };
    }
    if (record.status !== 'pending') {
      return { outcome: 'not_pending', approval: plainCopy(record) };
    }
    if (nowMs >= Date.parse(record.expires_at)) {
      return { outcome: 'expired', approval: plainCopy(record) };
    }
    Object.assign(record, {
      status: decision.status,
      decided_by: decision.decided_by,
      decided_at: decision.decided_at,
      ...(decision.reason !== undefined ? { reason: decision.reason } : {}),
    });
    return { outcome: 'decided', approval: plainCopy(record) };
  }

  async consume(id: string, use: ApprovalUse, nowMs: number): Promise<ConsumeResult> {
    this.prune();
    const record = this.records.get(id);
    if (!record || record.requested_by.tenant !== use.tenant) {
      return { outcome: 'missing' };
    }
    const refusal = consumeRefusal(record, use, nowMs);
    if (refusal) {
      return { outcome: refusal, approval: plainCopy(record) };
    }
    record.status = 'used';
    record.used_at = use.used_at;
    record.used_by_invocation = use.invocation_id;
    return { outcome: 'consumed', approval: plainCopy(record) };
  }

  private prune(): void {
    const cutoff = this.now() - this.retentionSeconds * 1000;
    for (const [id, record] of this.records) {
      if (Date.parse(record.expires_at) <= cutoff) {
        this.records.delete(id);
      }
    }
  }
}
