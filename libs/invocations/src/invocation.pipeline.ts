import { Inject, Injectable } from '@nestjs/common';
import type { ErrorBody, ErrorCode, Invocation, Session } from '#app/contracts';
import { AppException } from '#app/errors';
import { InFlightInvocations } from '#app/sessions';
import type { TraceCarrier } from '#app/observability';
import { Clock, InvocationStore } from '#app/stores';
import { retryAfterFor } from './guards/rate-limit-denials.js';
import { type RegisteredTool, ToolRegistry, type ToolResult } from '#app/tool-registry';
import { WorkspaceRuntimeFactory } from '#app/workspace';
import { ArtifactPersister } from './artifact-persister.js';
import { INVOCATION_GUARDS, INVOCATION_INTERCEPTORS } from './invocation-pipeline.tokens.js';
import type { GateContext, InvocationGuard } from './invocation-guard.js';
import { InvocationHydrator } from './invocation-hydrator.js';
import type { InvocationInterceptor } from './invocation-interceptor.js';
import { InvocationRecorder } from './invocation-recorder.js';
import { parseInvokeBody } from './invoke.request.js';
import { checkOutputShape } from './output-schema.check.js';
import { boundErrorMessage, type FittedResult, ResultQuota } from './quotas/result-quota.js';
import { ToolRunner } from './tool-runner.js';

const DENIAL_CODES: ReadonlySet<ErrorCode> = new Set(['policy_denied', 'approval_required', 'rate_limited', 'quota_exceeded']);

interface ExecutionOutcome {
  status: 'succeeded' | 'failed' | 'denied';
  error?: ErrorBody;
  record: Partial<Invocation>;
}

export interface InvokeRequest {
  session: Session;
  toolName: string;
  body: unknown;
  correlationHeader?: string;
  /** Request headers, for the W3C trace context of the invocation span. */
  traceCarrier?: TraceCarrier;
}

/**
 * The invoke pipeline of API.md section 6, top to bottom. Phase A rejects before any record exists;
 * from C1 on every outcome is recorded, audited and counted. Returns the succeeded record or throws
 * an `AppException` carrying the record.
 */
@Injectable()
export class InvocationPipeline {
  constructor(
    private readonly registry: ToolRegistry,
    private readonly store: InvocationStore,
    private readonly recorder: InvocationRecorder,
    private readonly hydrator: InvocationHydrator,
    private readonly runner: ToolRunner,
    private readonly persister: ArtifactPersister,
    private readonly quota: ResultQuota,
    private readonly runtimes: WorkspaceRuntimeFactory,
    private readonly inFlight: InFlightInvocations,
    private readonly clock: Clock,
    @Inject(INVOCATION_GUARDS) private readonly guards: readonly InvocationGuard[],
    @Inject(INVOCATION_INTERCEPTORS) private readonly interceptors: readonly InvocationInterceptor[],
  ) {}

  async invoke({ session, toolName, body, correlationHeader, traceCarrier = {} }: InvokeRequest): Promise<Invocation> {
    // A5–A8: admission.
    const tool = this.registry.get(toolName);
    if (!tool) {
      throw new AppException('not_found', 'tool not found');
    }
    const request = parseInvokeBody(body, correlationHeader);
    const validation = this.registry.validateArgs(toolName, request.args);
    if (!validation.ok) {
      throw new AppException('invalid_argument', validation.message);
    }
    const args = validation.args;
    const correlation = { sessionId: session.id, toolName, correlationId: request.correlationId };

    // B1: correlation replay.
    if (request.correlationId) {
      const ownerId = await this.store.findByCorrelation(correlation);
      if (ownerId) {
        return this.replay(ownerId);
      }
    }

    // C1: the running record (and the correlation claim, which a concurrent twin may win).
    let invocation = await this.recorder.start(session, toolName, tool.capability, request.correlationId, traceCarrier);
    const finish = { session, args, approved: request.approved };
    if (request.correlationId) {
      let ownerId: string | null;
      try {
        ownerId = await this.recorder.claimCorrelation(correlation, invocation.id);
      } catch (error) {
        // The running record is saved: it must not stay `running` for ever.
        const body = (error as AppException).toBody();
        throw toResponseError(await this.recorder.finish(invocation, 'failed', body, finish), {}, this.clock.now());
      }
      if (ownerId) {
        await this.recorder.abandon(invocation);
        return this.replay(ownerId);
      }
    }
    const workspace = this.runtimes.forSession(session);
    const gate: GateContext = {
      invocationId: invocation.id,
      toolName,
      capability: tool.capability,
      session,
      args,
      approved: request.approved,
      workspace,
    };

    // D1–D4: rate limits, runtime gating, policy and approval, concurrency.
    const releases: Array<() => Promise<void>> = [];
    try {
      for (const guard of this.guards) {
        const release = await guard.check(gate);
        if (release) {
          releases.push(release);
        }
      }
    } catch (error) {
      await releaseAll(releases);
      // Only a refusal is a denial; a gate that could not decide (engine crash, unreachable
      // counters) fails the invocation with its own code, or `internal` (API.md 6 D3).
      const denied = error instanceof AppException && DENIAL_CODES.has(error.code);
      const body =
        error instanceof AppException ? error.toBody() : { code: 'internal', message: 'policy evaluation failed', retryable: false };
      const final = await this.recorder.finish(invocation, denied ? 'denied' : 'failed', body, finish);
      throw toResponseError(final, error instanceof AppException ? error.headers : {}, this.clock.now());
    }

    // E1–E8: execution, quotas, persistence of what fits, output check.
    try {
      const outcome = await this.execute(tool, gate, workspace);
      invocation = { ...invocation, ...outcome.record };
      const final = await this.recorder.finish(invocation, outcome.status, outcome.error, finish);
      if (outcome.error) {
        throw toResponseError(final, {}, this.clock.now());
      }
      return final;
    } finally {
      await releaseAll(releases);
    }
  }

  private async execute(
    tool: RegisteredTool,
    gate: GateContext,
    workspace: GateContext['workspace'],
  ): Promise<ExecutionOutcome> {
    const controller = new AbortController();
    const running = this.runner.run(
      tool.handler,
      { invocationId: gate.invocationId, toolName: gate.toolName, session: gate.session, args: gate.args, approved: gate.approved, workspace },
      tool.capability.constraints.timeout_seconds,
      controller,
    );
    this.inFlight.track(gate.invocationId, gate.session.id, controller, running);
    const { result, error, handlerSettled } = await running;
    const toolError = error ? { code: error.code, message: boundErrorMessage(String(error.message)), retryable: error.retryable ?? false } : undefined;
    const outcome = await this.recordOutcome(tool, gate.invocationId, result, toolError);
    // Whatever the outcome, the artifact store keeps exactly what the record lists: bytes written
    // by any other path (a partial persistence, a handler writing on its own) go before the record
    // is final (API.md 6 E4a). A handler still running after its deadline or cancellation is swept
    // again once it returns.
    const listed = outcome.record.artifacts ?? [];
    if (controller.signal.aborted) {
      void handlerSettled.then(() => this.persister.discardUnlisted(gate.invocationId, listed)).catch(() => undefined);
    }
    try {
      await this.persister.discardUnlisted(gate.invocationId, listed);
    } catch (cleanupError) {
      if (!toolError && outcome.status !== 'denied') {
        const message = `artifact persistence failed: ${(cleanupError as Error).message}`;
        return { status: 'failed', error: { code: 'internal', message, retryable: false }, record: outcome.record };
      }
    }
    return outcome;
  }

  /** E3–E7 for a handler's outcome: quotas, persistence of what fits, output check. */
  private async recordOutcome(
    tool: RegisteredTool,
    invocationId: string,
    result: ToolResult,
    toolError: ErrorBody | undefined,
  ): Promise<ExecutionOutcome> {
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
    try {
      record = { ...(await this.persister.persist(invocationId, fitted.result)), ...fields };
    } catch (persistError) {
      if (toolError) {
        return { status: 'failed', error: toolError, record: fields };
      }
      const message = `artifact persistence failed: ${(persistError as Error).message}`;
      return { status: 'failed', error: { code: 'internal', message, retryable: false }, record: fields };
    }
    if (toolError) {
      return { status: 'failed', error: toolError, record };
    }
    const mismatch = checkOutputShape(tool.capability.output_schema, fitted.result.output);
    if (mismatch) {
      return { status: 'failed', error: { code: 'internal', message: mismatch, retryable: false }, record };
    }
    return { status: 'succeeded', record };
  }

  private async replay(invocationId: string): Promise<Invocation> {
    const stored = await this.store.get(invocationId);
    if (!stored) {
      throw new AppException('internal', 'correlated invocation record is missing');
    }
    const record = await this.hydrator.hydrate(stored);
    if (record.status === 'running') {
      throw new AppException('conflict', 'invocation with this correlation_id is still running', {
        retryable: true,
        invocation: record,
      });
    }
    if (record.status !== 'succeeded') {
      throw toResponseError(record, {}, this.clock.now());
    }
    return record;
  }
}

function resultFields({ result, truncation }: FittedResult): Partial<Invocation> {
  return {
    ...(result.output !== undefined && result.output !== null ? { output: result.output } : {}),
    logs: result.logs ?? [],
    exit_code: result.exit_code ?? 0,
    ...(truncation ? { truncation } : {}),
  };
}

/** The HTTP error for a finished record; every 429 carries Retry-After, replays included. */
function toResponseError(record: Invocation, headers: Record<string, string>, nowMs: number): AppException {
  const error = record.error ?? { code: 'internal', message: 'invocation failed', retryable: false };
  return new AppException(error.code as ErrorCode, error.message, {
    retryable: error.retryable,
    invocation: record,
    headers: { ...retryAfterFor(error, nowMs), ...headers },
  });
}

async function releaseAll(releases: Array<() => Promise<void>>): Promise<void> {
  await Promise.allSettled(releases.splice(0).map((release) => release()));
}
