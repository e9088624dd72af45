import type { JsonObject } from '#app/contracts';
import { AppException } from '#app/errors';
import { type BodyShape, checkBodyShape, parseJsonObjectBody } from '#app/http';

const INVOKE_SHAPE: BodyShape = {
  correlation_id: 'string',
  args: 'object',
  approved: 'boolean',
  approval_id: 'string',
  async: 'boolean',
};

const MAX_APPROVAL_ID_LENGTH = 128;

export interface InvokeBody {
  correlationId: string;
  args: JsonObject;
  approved: boolean;
  /** API.md 5.10: the approval request this call uses (request mode); `''` when none. */
  approvalId: string;
  async: boolean;
}

/** A6/A7 (API.md 5.10): body shape, then the correlation id from the body or the header. */
export function parseInvokeBody(
  rawBody: unknown,
  correlationHeader: string | undefined,
): InvokeBody {
  const body = parseJsonObjectBody(rawBody);
  checkBodyShape(body, INVOKE_SHAPE);
  const fromBody = typeof body['correlation_id'] === 'string' ? body['correlation_id'].trim() : '';
  const correlationId = fromBody !== '' ? fromBody : (correlationHeader ?? '').trim();
  if (correlationId.length > 256) {
    throw new AppException('invalid_argument', 'correlation_id must be at most 256 characters');
  }
  const approvalId = typeof body['approval_id'] === 'string' ? body['approval_id'].trim() : '';
  if (approvalId.length > MAX_APPROVAL_ID_LENGTH) {
    throw new AppException(
      'invalid_argument',
      `approval_id must be at most ${MAX_APPROVAL_ID_LENGTH} characters`,
    );
  }
  return {
    correlationId,
    args: (body['args'] as JsonObject | null | undefined) ?? {},
    approved: body['approved'] === true,
    approvalId,
    async: body['async'] === true,
  };
}
