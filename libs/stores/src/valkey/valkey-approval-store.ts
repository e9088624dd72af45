import {
  type ApprovalDecision,
  ApprovalStore,
  type ApprovalUse,
  type ConsumeRefusal,
  type ConsumeResult,
  type DecideResult,
  type StoredApproval,
  type StoredApprovalStatus,
} from '../approval-store.port.js';
import { formEncode } from './form-encode.js';
import type { ValkeyConnection } from './valkey-connection.js';
import { valkeyCall } from './valkey-errors.js';
import { ValkeyScript } from './valkey-script.js';

/** Fixed like the limits prefix (docs/STORES.md); tests pass their own to stay apart from a live service. */
export const APPROVALS_KEY_PREFIX = 'workspace';

// One hash per request. `request` is the JSON written once at creation; the fields the scripts
// compare or change are plain hash fields, so no script ever decodes or re-encodes JSON (cjson
// would rewrite numbers and turn `{}` into `[]` in the args an approver reads).
const DECIDE = new ValkeyScript(
  `
if redis.call('EXISTS', KEYS[1]) == 0 then return 'missing' end
local f = redis.call('HMGET', KEYS[1], 'tenant', 'status', 'expires_ms')
if f[1] ~= ARGV[1] then return 'missing' end
if f[2] ~= 'pending' then return 'not_pending' end
if tonumber(ARGV[2]) >= tonumber(f[3]) then return 'expired' end
redis.call('HSET', KEYS[1], 'status', ARGV[3], 'decision', ARGV[4])
return 'decided'`,
  1,
);

// The order of consumeRefusal (approval-store.port.ts): mismatch, used, denied, expired, pending.
const CONSUME = new ValkeyScript(
  `
if redis.call('EXISTS', KEYS[1]) == 0 then return 'missing' end
local f = redis.call('HMGET', KEYS[1], 'tenant', 'status', 'expires_ms', 'session_id', 'tool_name', 'args_sha256')
if f[1] ~= ARGV[1] then return 'missing' end
if f[4] ~= ARGV[2] or f[5] ~= ARGV[3] or f[6] ~= ARGV[4] then return 'mismatch' end
if f[2] == 'used' or f[2] == 'denied' then return f[2] end
if tonumber(ARGV[5]) >= tonumber(f[3]) then return 'expired' end
if f[2] ~= 'approved' then return 'pending' end
redis.call('HSET', KEYS[1], 'status', 'used', 'use', ARGV[6])
return 'consumed'`,
  1,
);

interface UseFields {
  used_at: string;
  used_by_invocation: string;
}

/**
 * Approval requests shared by every replica: `<prefix>:approval:<id>` (a hash, expiring
 * `retentionSeconds` after `expires_at`) and `<prefix>:approvals:<tenant>` (a sorted set of the
 * tenant's ids scored by that same expiry, pruned on read). Decide and consume are Lua scripts.
 */
export class ValkeyApprovalStore extends ApprovalStore {
  constructor(
    private readonly connection: ValkeyConnection,
    private readonly retentionSeconds: number,
    private readonly keyPrefix: string = APPROVALS_KEY_PREFIX,
  ) {
    super();
  }

  async create(approval: StoredApproval): Promise<void> {
    const { status, ...request } = approval;
    const expiresMs = Date.parse(approval.expires_at);
    const dropAt = expiresMs + this.retentionSeconds * 1000;
    const key = this.recordKey(approval.id);
    const index = this.indexKey(approval.requested_by.tenant);
    await valkeyCall(async () => {
      const results = await this.connection.client
        .multi()
        .hset(key, {
          request: JSON.stringify(request),
          status,
          tenant: approval.requested_by.tenant,
          session_id: approval.session_id,
          tool_name: approval.tool_name,
          args_sha256: approval.args_sha256,
          expires_ms: String(expiresMs),
        })
        .pexpireat(key, dropAt)
        // Members whose record is gone go on every write too, so a tenant nobody lists stays small.
        .zremrangebyscore(index, '-inf', Date.now())
        .zadd(index, dropAt, approval.id)
        // Every request of a deployment has the same TTL, so the newest one outlives the others.
        .pexpireat(index, dropAt)
        .exec();
      const failed = results?.find(([error]) => error !== null);
      if (!results || failed) {
        throw failed?.[0] ?? new Error('valkey transaction aborted');
      }
    });
  }

  async get(id: string): Promise<StoredApproval | null> {
    const fields = await valkeyCall(() => this.connection.client.hgetall(this.recordKey(id)));
    return parseRecord(fields);
  }

  async listForTenant(tenant: string, limit: number): Promise<StoredApproval[]> {
    const index = this.indexKey(tenant);
    const now = Date.now();
    const ids = await valkeyCall(async () => {
      await this.connection.client.zremrangebyscore(index, '-inf', now);
      return this.connection.client.zrevrangebyscore(index, '+inf', now, 'LIMIT', 0, limit * 2);
    });
    if (ids.length === 0) {
      return [];
    }
    const pipeline = this.connection.client.pipeline();
    for (const id of ids) {
      pipeline.hgetall(this.recordKey(id));
    }
    const replies = (await valkeyCall(() => pipeline.exec())) ?? [];
    const records: StoredApproval[] = [];
    for (const [error, fields] of replies) {
      if (error) {
        throw error;
      }
      const record = parseRecord(fields as Record<string, string>);
      if (record && record.requested_by.tenant === tenant) {
        records.push(record);
      }
    }
    // The index orders by expiry, which follows creation for one TTL; sort to be exact.
    return records
      .sort((a, b) => (a.created_at < b.created_at ? 1 : a.created_at > b.created_at ? -1 : 0))
      .slice(0, limit);
  }

  async decide(
    id: string,
    tenant: string,
    decision: ApprovalDecision,
    nowMs: number,
  ): Promise<DecideResult> {
    const { status, ...fields } = decision;
    const outcome = await this.run(DECIDE, id, [
      tenant,
      String(nowMs),
      status,
      JSON.stringify(fields),
    ]);
    if (outcome === 'missing') {
      return { outcome };
    }
    const approval = await this.get(id);
    if (!approval) {
      return { outcome: 'missing' };
    }
    if (outcome === 'decided' || outcome === 'expired' || outcome === 'not_pending') {
      return { outcome, approval };
    }
    throw new Error(`unexpected approval decide outcome ${outcome}`);
  }

  async consume(id: string, use: ApprovalUse, nowMs: number): Promise<ConsumeResult> {
    const fields: UseFields = { used_at: use.used_at, used_by_invocation: use.invocation_id };
    const outcome = await this.run(CONSUME, id, [
      use.tenant,
      use.session_id,
      use.tool_name,
      use.args_sha256,
      String(nowMs),
      JSON.stringify(fields),
    ]);
    if (outcome === 'missing') {
      return { outcome };
    }
    const approval = await this.get(id);
    if (!approval) {
      return { outcome: 'missing' };
    }
    if (outcome === 'consumed' || isConsumeRefusal(outcome)) {
      return { outcome, approval };
    }
    throw new Error(`unexpected approval consume outcome ${outcome}`);
  }

  private async run(script: ValkeyScript, id: string, args: string[]): Promise<string> {
    const reply = await valkeyCall(() =>
      script.run(this.connection.client, this.recordKey(id), ...args),
    );
    return String(reply);
  }

  private recordKey(id: string): string {
    return `${this.keyPrefix}:approval:${formEncode(id)}`;
  }

  private indexKey(tenant: string): string {
    return `${this.keyPrefix}:approvals:${formEncode(tenant)}`;
  }
}

const REFUSALS: readonly string[] = ['mismatch', 'used', 'denied', 'expired', 'pending'];

function isConsumeRefusal(outcome: string): outcome is ConsumeRefusal {
  return REFUSALS.includes(outcome);
}

const STATUSES: readonly string[] = ['pending', 'approved', 'denied', 'used'];

function parseRecord(fields: Record<string, string>): StoredApproval | null {
  const { request, status, decision, use } = fields;
  if (request === undefined || status === undefined || !STATUSES.includes(status)) {
    return null;
  }
  return {
    ...(JSON.parse(request) as Omit<StoredApproval, 'status'>),
    status: status as StoredApprovalStatus,
    ...(decision !== undefined ? (JSON.parse(decision) as Partial<StoredApproval>) : {}),
    ...(use !== undefined ? (JSON.parse(use) as UseFields) : {}),
  };
}
