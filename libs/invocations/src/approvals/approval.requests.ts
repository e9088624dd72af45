import { APPROVAL_STATUSES, type ApprovalStatus, type JsonObject } from '#app/contracts';
import { AppException } from '#app/errors';
import { type BodyShape, checkBodyShape, parseJsonObjectBody, type RawBody } from '#app/http';

/** API.md 5.21/5.22: `reason` is free text for the audit and the requester, at most this long. */
export const MAX_APPROVAL_REASON_LENGTH = 1024;

const DECIDE_SHAPE: BodyShape = { reason: 'string' };

/** API.md 5.19 `?status=`: absent → `pending`; anything but one of the five statuses → 400. */
export function parseApprovalStatus(raw: unknown): ApprovalStatus {
  if (raw === undefined) {
    return 'pending';
  }
  const found = APPROVAL_STATUSES.find((status) => status === raw);
  if (found === undefined) {
    throw new AppException(
      'invalid_argument',
      `status must be one of ${APPROVAL_STATUSES.join(', ')}`,
    );
  }
  return found;
}

/** API.md 5.21/5.22 body: optional (`{}` when empty); returns the trimmed reason, if any. */
export function parseDecideBody(body: unknown): string | undefined {
  const raw = body as RawBody | undefined;
  const empty =
    raw === undefined || (raw.kind === 'bytes' && raw.bytes.toString('utf8').trim() === '');
  const object: JsonObject = empty ? {} : parseJsonObjectBody(body);
  checkBodyShape(object, DECIDE_SHAPE);
  const reason = typeof object['reason'] === 'string' ? object['reason'].trim() : '';
  if (reason.length > MAX_APPROVAL_REASON_LENGTH) {
    throw new AppException(
      'invalid_argument',
      `reason must be at most ${MAX_APPROVAL_REASON_LENGTH} characters`,
    );
  }
  return reason === '' ? undefined : reason;
}
