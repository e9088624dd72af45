import { Injectable } from '@nestjs/common';
import { AppException } from '#app/errors';
import { JsonLogger } from '#app/observability';
import type { CancelReason } from '#app/sessions';
import type {
  InvocationProgress,
  ToolContext,
  ToolErrorResult,
  ToolHandler,
  ToolResult,
} from '#app/tool-registry';
import type { InvocationContext } from './invocation-context.js';

export interface RunOutcome {
  result: ToolResult;
  error?: ToolErrorResult;
}

export interface RunResult extends RunOutcome {
  /**
   * Settles when the handler itself has returned or thrown: after the outcome when a deadline or a
   * cancellation decided it, since a handler may ignore its signal.
   */
  handlerSettled: Promise<void>;
}

/**
 * E1/E2: runs a handler under its deadline. The answer never waits for a handler that ignores its
 * cancellation signal: on deadline, session close, shutdown or a caller's cancel the outcome is
 * decided at once.
 */
@Injectable()
export class ToolRunner {
  constructor(private readonly logger: JsonLogger) {}

  async run(
    context: InvocationContext,
    controller: AbortController,
    progress?: InvocationProgress,
  ): Promise<RunResult> {
    const timeoutSeconds = context.capability.constraints.timeout_seconds;
    const deadline = setTimeout(() => controller.abort('deadline'), timeoutSeconds * 1000);
    const aborted = new Promise<RunOutcome>((resolve) => {
      const settle = (): void =>
        resolve({ result: {}, error: cancellationError(controller.signal.reason, timeoutSeconds) });
      if (controller.signal.aborted) {
        settle();
      } else {
        controller.signal.addEventListener('abort', settle, { once: true });
      }
    });
    const execution = this.execute(
      context.tool.handler,
      toolContext(context, controller.signal, progress),
    );
    const handlerSettled = execution.then(() => undefined);
    try {
      const outcome = await Promise.race([execution, aborted]);
      if (controller.signal.aborted) {
        // Whatever the handler said after the abort, its cause decides the error (E2); a partial
        // result it returned is kept.
        return {
          result: outcome.result,
          error: cancellationError(controller.signal.reason, timeoutSeconds),
          handlerSettled,
        };
      }
      return { ...outcome, handlerSettled };
    } finally {
      clearTimeout(deadline);
    }
  }

  private async execute(handler: ToolHandler, context: ToolContext): Promise<RunOutcome> {
    try {
      const result = await handler.execute(context);
      return { result, error: result.error };
    } catch (error) {
      if (error instanceof AppException) {
        return {
          result: {},
          error: { code: error.code, message: error.message, retryable: error.retryable },
        };
      }
      this.logger.write('error', 'tool handler crashed', { tool: context.toolName, error });
      return {
        result: {},
        error: { code: 'internal', message: 'tool handler failed unexpectedly', retryable: false },
      };
    }
  }
}

/** What a handler sees: the invocation, never the pipeline's own fields (tool entry, trace carrier). */
function toolContext(
  context: InvocationContext,
  signal: AbortSignal,
  progress: InvocationProgress | undefined,
): ToolContext {
  const { invocationId, toolName, session, toolArgs, approved, workspace } = context;
  return {
    invocationId,
    toolName,
    session,
    args: toolArgs,
    approved,
    signal,
    workspace,
    ...(progress ? { progress } : {}),
  };
}

/** What a caller's cancel records (API.md 5.18, docs/ERRORS.md). */
export const CANCELLED_ERROR: ToolErrorResult = {
  code: 'cancelled',
  message: 'invocation cancelled',
  retryable: false,
};

function cancellationError(reason: unknown, timeoutSeconds: number): ToolErrorResult {
  switch (reason as CancelReason | 'deadline') {
    case 'session_closed':
      return { code: 'execution_failed', message: 'session closed', retryable: false };
    case 'cancelled':
      return { ...CANCELLED_ERROR };
    case 'shutdown':
      return {
        code: 'timeout',
        message: 'invocation cancelled: service shutting down',
        retryable: true,
      };
    default:
      return {
        code: 'timeout',
        message: `tool timed out after ${timeoutSeconds}s`,
        retryable: true,
      };
  }
}
