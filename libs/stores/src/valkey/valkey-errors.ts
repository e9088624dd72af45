import { AppException } from '#app/errors';

const CONNECTION_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'EPIPE',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
]);

const CONNECTION_MESSAGES = [
  "Stream isn't writeable",
  'Connection is closed',
  'Command timed out',
  'Reached the max retries per request limit',
  'LOADING',
];

/** True for failures of the link to Valkey (as opposed to a bad command or a bad reply). */
export function isConnectionError(error: unknown): boolean {
  if (!(error instanceof Error)) {
    return false;
  }
  const code = (error as NodeJS.ErrnoException).code;
  return (
    error.name === 'MaxRetriesPerRequestError' ||
    (code !== undefined && CONNECTION_CODES.has(code)) ||
    CONNECTION_MESSAGES.some((message) => error.message.includes(message))
  );
}

/**
 * True when Valkey refused a write because it is at `maxmemory` with `noeviction` (the policy the
 * stores need, docs/STORES.md): a capacity condition of the server, not a fault of the command.
 * Within a script the answer carries the script's SHA1 after the same prefix.
 */
export function isOutOfMemory(error: unknown): boolean {
  return error instanceof Error && error.message.startsWith('OOM ');
}

/**
 * Runs one store operation. A lost connection becomes 503 `unavailable` (the client reconnects by
 * itself, so the caller may retry), and so does a write refused for lack of memory (nothing was
 * written; it succeeds once keys expire or the server gets memory); any other error stays an error
 * and answers 500.
 */
export async function valkeyCall<T>(operation: () => Promise<T>): Promise<T> {
  try {
    return await operation();
  } catch (error) {
    if (isConnectionError(error)) {
      throw new AppException('unavailable', 'valkey unavailable', { cause: error });
    }
    if (isOutOfMemory(error)) {
      throw new AppException('unavailable', 'valkey out of memory', { cause: error });
    }
    throw error;
  }
}
