import type { Approval, ErrorCode } from '#app/contracts';
import { AppException } from '#app/errors';
import type { ConsumeRefusal, StoredApproval } from '#app/stores';

/** API.md 2.7: a pending or approved request past `expires_at` reads as `expired`. */
export function approvalView(stored: StoredApproval, nowMs: number): Approval {
  const expired =
    (stored.status === 'pending' || stored.status === 'approved') &&
    nowMs >= Date.parse(stored.expires_at);
  return { ...stored, status: expired ? 'expired' : stored.status };
}

/** API.md 7.3 / docs/ERRORS.md: why an invoke's `approval_id` does not (yet) let the call run. */
const REFUSALS: Readonly<Record<ConsumeRefusal | 'missing', { code: ErrorCode; message: string }>> =
  {
    missing: { code: 'policy_denied', message: 'approval request not found' },
    mismatch: { code: 'policy_denied', message: 'approval request does not match this call' },
    denied: { code: 'policy_denied', message: 'approval request was denied' },
    used: { code: 'approval_required', message: 'approval request was already used' },
    expired: { code: 'approval_required', message: 'approval request has expired' },
    pending: { code: 'approval_required', message: 'approval request is pending' },
  };

/**
 * The refusal for an `approval_id`. The request is shown (`approval_request`) only when it is this
 * call's (every check but the state passed): an id of another call or session reveals nothing.
 */
export function approvalRefusal(
  outcome: ConsumeRefusal | 'missing',
  stored: StoredApproval | undefined,
  nowMs: number,
): AppException {
  const { code, message } = REFUSALS[outcome];
  const shown = outcome !== 'missing' && outcome !== 'mismatch' && stored !== undefined;
  return new AppException(code, message, {
    details: shown ? { approval_request: approvalView(stored, nowMs) } : {},
  });
}
