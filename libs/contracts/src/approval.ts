import type { JsonObject } from './json.js';

/** API.md 2.7: `expired` is never stored; it is how a pending or approved request reads past `expires_at`. */
export type ApprovalStatus = 'pending' | 'approved' | 'denied' | 'used' | 'expired';

export const APPROVAL_STATUSES: readonly ApprovalStatus[] = [
  'pending',
  'approved',
  'denied',
  'used',
  'expired',
];

/** Who asked for, or decided, an approval request (from the authenticated headers). */
export interface ApprovalActor {
  tenant: string;
  actor: string;
}

/** API.md 2.7: a request for a human decision on one exact call (session, tool, canonical args). */
export interface Approval {
  id: string;
  status: ApprovalStatus;
  session_id: string;
  tool_name: string;
  /** SHA-256 hex of the canonical JSON of the args as sent (API.md 11.3). */
  args_sha256: string;
  /** The args as sent, redacted like log lines (API.md 11.4), so an approver sees what they approve. */
  args: JsonObject;
  requested_by: ApprovalActor;
  created_at: string;
  expires_at: string;
  decided_by?: ApprovalActor;
  decided_at?: string;
  reason?: string;
  used_at?: string;
  /** The invocation that consumed the approval. */
  used_by_invocation?: string;
}
