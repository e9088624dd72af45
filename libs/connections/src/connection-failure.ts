import { AppException } from '#app/errors';
import { BudgetExpired } from './call-deadline.js';
import { redactCredentials } from './endpoint-redaction.js';

/**
 * Maps a client failure to the tool error of CATALOG.md 3.11: connection or protocol failures are
 * `execution_failed` retryable, an operation over its budget is `timeout`. The message carries the
 * client's reason with every credential of `endpoint` redacted; `AppException`s pass unchanged.
 */
export function toConnectionError(
  error: unknown,
  stage: 'connect' | 'operation',
  kind: string,
  endpoint: string,
  budgetMs: number,
): AppException {
  if (error instanceof AppException) {
    return error;
  }
  if (error instanceof BudgetExpired) {
    return stage === 'connect'
      ? new AppException(
          'execution_failed',
          `${kind} connection failed: connect timed out after ${budgetMs}ms`,
          {
            retryable: true,
          },
        )
      : new AppException('timeout', `${kind} operation timed out after ${budgetMs}ms`, {
          retryable: true,
        });
  }
  const reason = redactCredentials(describe(error), [endpoint]);
  const prefix = stage === 'connect' ? `${kind} connection failed` : `${kind} operation failed`;
  return new AppException('execution_failed', reason === '' ? prefix : `${prefix}: ${reason}`, {
    retryable: true,
  });
}

function describe(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  // One line, bounded: client messages can embed whole protocol frames.
  return message.replace(/\s+/g, ' ').trim().slice(0, 300);
}
