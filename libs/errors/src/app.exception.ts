import { DEFAULT_RETRYABLE, type ErrorBody, type ErrorCode, type Invocation } from '#app/contracts';

export interface AppExceptionOptions {
  retryable?: boolean;
  /** Extra response headers, e.g. `Retry-After` on 429. */
  headers?: Record<string, string>;
  /** The invocation record that the invoke route returns next to the error (API.md 3.1). */
  invocation?: Invocation;
  /**
   * Further members of the error body, beside `invocation` and `error` (API.md 3.1), e.g. the
   * `approval_request` of a 428 in approval request mode (API.md 7.3).
   */
  details?: Record<string, unknown>;
  cause?: unknown;
}

/**
 * The one exception type of the service. It carries a stable code from API.md 3.2; the global filter
 * maps the code to the HTTP status, so nothing else decides a status. Tool handlers throw it too:
 * the invoke pipeline turns it into the invocation's error.
 */
export class AppException extends Error {
  readonly code: ErrorCode;
  readonly retryable: boolean;
  readonly headers: Record<string, string>;
  readonly invocation?: Invocation;
  readonly details: Record<string, unknown>;

  constructor(code: ErrorCode, message: string, options: AppExceptionOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'AppException';
    this.code = code;
    this.retryable = options.retryable ?? DEFAULT_RETRYABLE[code];
    this.headers = options.headers ?? {};
    this.invocation = options.invocation;
    this.details = options.details ?? {};
  }

  toBody(): ErrorBody {
    return { code: this.code, message: this.message, retryable: this.retryable };
  }
}
