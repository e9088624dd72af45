import { AppException } from '#app/errors';

/** Raised by {@link withDeadline}; its message is the reason shown in readiness and startup lines. */
export class S3DeadlineError extends Error {
  override readonly name = 'S3DeadlineError';
}

/**
 * Runs one SDK call under a hard deadline: the signal aborts the HTTP request and the race settles
 * at the deadline even if the SDK is still between retries, so no caller waits longer than `ms`.
 */
export async function withDeadline<T>(
  ms: number,
  run: (signal: AbortSignal) => Promise<T>,
): Promise<T> {
  const controller = new AbortController();
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      const error = new S3DeadlineError(`no answer within ${ms / 1000} s`);
      controller.abort(error);
      reject(error);
    }, ms);
  });
  try {
    return await Promise.race([run(controller.signal), late]);
  } finally {
    clearTimeout(timer);
  }
}

/** A short, secret-free reason for an SDK failure: service errors by name and HTTP status. */
export function describeS3Error(error: unknown): string {
  if (!(error instanceof Error)) {
    return String(error);
  }
  const status = (error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;
  if (status !== undefined) {
    return `${error.name} (HTTP ${status})`;
  }
  // Node's happy-eyeballs connect fails with an AggregateError whose message is empty: the code
  // (ECONNREFUSED, …) is then the whole reason.
  const code = (error as NodeJS.ErrnoException).code;
  if (error.message === '') {
    return code ?? error.name;
  }
  return code !== undefined && !error.message.includes(code)
    ? `${code}: ${error.message}`
    : error.message;
}

/**
 * Every failure of the store at run time, whatever its cause (refused, timed out, throttled,
 * denied), is 503 `unavailable`: the bytes cannot be reached now and a retry may succeed. Callers
 * turn "not found" answers into `null` before this.
 */
export function unavailable(error: unknown): AppException {
  return new AppException('unavailable', 'artifact store unavailable', { cause: error });
}

/** Is this the service's answer that the object does not exist (GetObject / HeadObject)? */
export function isMissingObject(error: unknown): boolean {
  // Not any 404: `NoSuchBucket` is a broken store, not a missing artifact.
  return error instanceof Error && (error.name === 'NoSuchKey' || error.name === 'NotFound');
}
