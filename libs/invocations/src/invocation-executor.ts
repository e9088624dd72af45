import { Inject, Injectable } from '@nestjs/common';
import type { ErrorBody, Invocation } from '#app/contracts';
import { AppException } from '#app/errors';
import { type CancelReason, InFlightInvocations } from '#app/sessions';
import type { InlineBlob } from '#app/stores';
import type { InvocationProgress, ToolResult } from '#app/tool-registry';
import { ArtifactPersister } from './artifact-persister.js';
import type { InvocationContext } from './invocation-context.js';
import type { InvocationInterceptor } from './invocation-interceptor.js';
import { failed, type InvocationOutcome } from './invocation-outcome.js';
import { INVOCATION_INTERCEPTORS } from './invocation-pipeline.tokens.js';
import { checkOutputShape } from './output-schema.check.js';
import { boundErrorMessage, type FittedResult, ResultQuota } from './quotas/result-quota.js';
import { ToolRunner } from './tool-runner.js';

/** E1–E8: run the handler, apply the quotas, persist what fits, check the output shape. */
@Injectable()
export class InvocationExecutor {
  constructor(
    private readonly runner: ToolRunner,
    private readonly persister: ArtifactPersister,
    private readonly quota: ResultQuota,
    private readonly inFlight: InFlightInvocations,
    @Inject(INVOCATION_INTERCEPTORS)
    private readonly interceptors: readonly InvocationInterceptor[],
  ) {}

  /** `progress` carries live log lines to the invocation's events (absent in unit tests). */
  async execute(
    context: InvocationContext,
    progress?: InvocationProgress,
  ): Promise<InvocationOutcome> {
    const controller = new AbortController();
    const running = this.runner.run(context, controller, progress);
    this.inFlight.track(context.invocationId, context.session.id, controller, running);
    const { result, error, handlerSettled } = await running;
    const toolError = error
      ? {
          code: error.code,
          message: boundErrorMessage(String(error.message)),
          retryable: error.retryable ?? false,
        }
      : undefined;
    const outcome = cancelledBy(
      controller.signal,
      await this.recordOutcome(context, result, toolError),
    );
    // Whatever the outcome, the artifact store keeps exactly what the record lists: bytes written
    // by any other path (a partial persistence, a handler writing on its own) go before the record
    // is final (API.md 6 E4a). A handler still running after its deadline or cancellation is swept
    // again once it returns.
    const listed = outcome.record.artifacts ?? [];
    if (controller.signal.aborted) {
      void handlerSettled
        .then(() => this.persister.discardUnlisted(context.invocationId, listed))
        .catch(() => undefined);
    }
    try {
      await this.persister.discardUnlisted(context.invocationId, listed);
    } catch (cleanupError) {
      if (!toolError && outcome.status !== 'denied') {
        return failed(persistenceFailure(cleanupError), outcome.record, outcome.blobs);
      }
    }
    return outcome;
  }

  /** E3–E7 for a handler's outcome: quotas, persistence of what fits, output check. */
  private async recordOutcome(
    context: InvocationContext,
    result: ToolResult,
    toolError: ErrorBody | undefined,
  ): Promise<InvocationOutcome> {
    if (!toolError) {
      try {
        for (const interceptor of this.interceptors) {
          interceptor.inspect(result);
        }
      } catch (quota) {
        if (quota instanceof AppException) {
          return { status: 'denied', error: quota.toBody(), record: {} };
        }
        throw quota;
      }
    }

    // A failed, timed-out or cancelled result is cut to the quotas too; it keeps its own error.
    const fitted = this.quota.fit(result);
    const fields = resultFields(fitted);
    let record: Partial<Invocation>;
    let blobs: InlineBlob[];
    try {
      const persisted = await this.persister.persist(
        context.invocationId,
        fitted.result,
        fitted.outputJson,
      );
      record = { ...persisted.fields, ...fields };
      blobs = persisted.blobs;
    } catch (persistError) {
      return failed(toolError ?? persistenceFailure(persistError), fields);
    }
    if (toolError) {
      return failed(toolError, record, blobs);
    }
    const mismatch = checkOutputShape(context.capability.output_schema, fitted.result.output);
    if (mismatch) {
      return failed({ code: 'internal', message: mismatch, retryable: false }, record, blobs);
    }
    return { status: 'succeeded', record, ...(blobs.length > 0 ? { blobs } : {}) };
  }
}

/**
 * A caller's cancel ends the invocation as `cancelled`, not `failed` (API.md 5.18): the runner
 * already put the `cancelled` error on it, and partial results are kept as for a timeout.
 */
function cancelledBy(signal: AbortSignal, outcome: InvocationOutcome): InvocationOutcome {
  const reason = signal.reason as CancelReason | 'deadline' | undefined;
  if (!signal.aborted || reason !== 'cancelled' || outcome.status !== 'failed') {
    return outcome;
  }
  return { ...outcome, status: 'cancelled' };
}

function persistenceFailure(error: unknown): ErrorBody {
  // An unreachable artifact store is 503 `unavailable` and worth a retry, never a 500.
  if (error instanceof AppException && error.code === 'unavailable') {
    return {
      code: 'unavailable',
      message: `artifact persistence failed: ${error.message}`,
      retryable: true,
    };
  }
  return {
    code: 'internal',
    message: `artifact persistence failed: ${(error as Error).message}`,
    retryable: false,
  };
}

function resultFields({ result, truncation }: FittedResult): Partial<Invocation> {
  return {
    ...(result.output !== undefined && result.output !== null ? { output: result.output } : {}),
    logs: result.logs ?? [],
    exit_code: result.exit_code ?? 0,
    ...(truncation ? { truncation } : {}),
  };
}
