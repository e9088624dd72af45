import type { Approval, Invocation } from './types.js';

/**
 * A refusal or failure answered by the service (API.md 3): the envelope's code, message and
 * retryable flag, the HTTP status, and — when the answer carried them — the invocation record and
 * the approval request (3.1). Callers branch on `code`, never on message text.
 */
export class WorkspaceApiError extends Error {
  override readonly name = 'WorkspaceApiError';
  /** Stable code of API.md 3.2 (`not_found`, `approval_required`, …); `http_error` for a non-envelope answer. */
  readonly code: string;
  readonly retryable: boolean;
  readonly status: number;
  /** The invocation record, on invoke answers that have one (3.1). */
  readonly invocation?: Invocation;
  /** The approval request a refusal concerns (approval request mode, 3.1). */
  readonly approvalRequest?: Approval;
  /** `Retry-After` in seconds (429 answers). */
  readonly retryAfterSeconds?: number;

  constructor(fields: {
    status: number;
    code: string;
    message: string;
    retryable: boolean;
    invocation?: Invocation;
    approvalRequest?: Approval;
    retryAfterSeconds?: number;
  }) {
    super(fields.message);
    this.status = fields.status;
    this.code = fields.code;
    this.retryable = fields.retryable;
    if (fields.invocation !== undefined) {
      this.invocation = fields.invocation;
    }
    if (fields.approvalRequest !== undefined) {
      this.approvalRequest = fields.approvalRequest;
    }
    if (fields.retryAfterSeconds !== undefined) {
      this.retryAfterSeconds = fields.retryAfterSeconds;
    }
  }

  /**
   * The error an unsuccessful answer stands for. `body` is what was read from it (the parsed JSON
   * envelope, or text when it was not JSON: a proxy's page, the bare 408 of API.md 1.1).
   */
  static fromResponse(response: Response, body: unknown): WorkspaceApiError {
    const retryAfter = Number.parseInt(response.headers.get('retry-after') ?? '', 10);
    const common = {
      status: response.status,
      ...(Number.isFinite(retryAfter) ? { retryAfterSeconds: retryAfter } : {}),
    };
    const envelope = asEnvelope(body);
    if (envelope === undefined) {
      const text = typeof body === 'string' ? body.trim().slice(0, 200) : '';
      return new WorkspaceApiError({
        ...common,
        code: 'http_error',
        message: `HTTP ${response.status}${text === '' ? '' : `: ${text}`}`,
        // What a gateway in front of the service says when it is overloaded or restarting.
        retryable: [408, 429, 502, 503, 504].includes(response.status),
      });
    }
    return new WorkspaceApiError({
      ...common,
      code: envelope.error.code,
      message: envelope.error.message,
      retryable: envelope.error.retryable,
      ...(envelope.invocation !== undefined ? { invocation: envelope.invocation } : {}),
      ...(envelope.approval_request !== undefined
        ? { approvalRequest: envelope.approval_request }
        : {}),
    });
  }
}

interface Envelope {
  error: { code: string; message: string; retryable: boolean };
  invocation?: Invocation;
  approval_request?: Approval;
}

function asEnvelope(body: unknown): Envelope | undefined {
  if (typeof body !== 'object' || body === null || !('error' in body)) {
    return undefined;
  }
  const error = body.error;
  if (
    typeof error !== 'object' ||
    error === null ||
    typeof (error as { code?: unknown }).code !== 'string' ||
    typeof (error as { message?: unknown }).message !== 'string'
  ) {
    return undefined;
  }
  const { code, message, retryable } = error as {
    code: string;
    message: string;
    retryable?: unknown;
  };
  return {
    ...(body as Omit<Envelope, 'error'>),
    error: { code, message, retryable: retryable === true },
  };
}
