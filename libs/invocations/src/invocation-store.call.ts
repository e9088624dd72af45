import { AppException } from '#app/errors';
import type { JsonLogger } from '#app/observability';

/**
 * Runs one invocation-store call. A store `AppException` (`unavailable` when Valkey is unreachable)
 * passes through; anything else is logged and becomes a stable `internal` error, so no driver text
 * reaches a response.
 */
export async function invocationStoreCall<T>(
  logger: JsonLogger,
  action: () => Promise<T>,
): Promise<T> {
  try {
    return await action();
  } catch (error) {
    if (error instanceof AppException) {
      throw error;
    }
    logger.write('error', 'invocation store failed', { error });
    throw new AppException('internal', 'invocation store failed');
  }
}
