/** HTTP status of a failed Kubernetes API call (`ApiException.code`); `undefined` for transport errors. */
export function apiStatus(error: unknown): number | undefined {
  if (
    typeof error === 'object' &&
    error !== null &&
    'code' in error &&
    typeof error.code === 'number'
  ) {
    return error.code;
  }
  return undefined;
}

export function isNotFound(error: unknown): boolean {
  return apiStatus(error) === 404;
}

export function isConflict(error: unknown): boolean {
  return apiStatus(error) === 409;
}

/** A short reason for messages: the API `Status.message` when there is one, else the error text. */
export function apiReason(error: unknown): string {
  if (typeof error === 'object' && error !== null && 'body' in error) {
    const body = parseBody(error.body);
    if (body !== undefined) {
      return body;
    }
  }
  return error instanceof Error ? error.message : String(error);
}

function parseBody(body: unknown): string | undefined {
  let value: unknown = body;
  if (typeof body === 'string') {
    try {
      value = JSON.parse(body) as unknown;
    } catch {
      return body.trim() === '' ? undefined : body.trim();
    }
  }
  if (
    typeof value === 'object' &&
    value !== null &&
    'message' in value &&
    typeof value.message === 'string'
  ) {
    return value.message;
  }
  return undefined;
}

/** Deletes and treats `NotFound` as done (API.md 8.4 close, 8.7). */
export async function ignoreNotFound(call: Promise<unknown>): Promise<void> {
  try {
    await call;
  } catch (error) {
    if (!isNotFound(error)) {
      throw error;
    }
  }
}
