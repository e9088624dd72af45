import { Injectable } from '@nestjs/common';
import { type Capability, type ErrorBody, type Invocation, type JsonObject, type Session, toTimestamp } from '#app/contracts';
import { AppException } from '#app/errors';
import {
  AuditLog,
  type InvocationSpan,
  InvocationTracer,
  JsonLogger,
  ServiceMetrics,
  type TerminalStatus,
  type TraceCarrier,
} from '#app/observability';
import { generateId } from '#app/sessions';
import { Clock, type CorrelationKey, InvocationStore } from '#app/stores';

export interface FinishContext {
  session: Session;
  args: JsonObject;
  approved: boolean;
}

/**
 * Owns the invocation record: C1 (running record) and the terminal save with its audit line and
 * metrics (API.md 6 E9, 11.1, 11.3).
 */
@Injectable()
export class InvocationRecorder {
  private readonly spans = new Map<string, InvocationSpan>();

  constructor(
    private readonly store: InvocationStore,
    private readonly clock: Clock,
    private readonly metrics: ServiceMetrics,
    private readonly audit: AuditLog,
    private readonly logger: JsonLogger,
    private readonly tracer: InvocationTracer,
  ) {}

  /** C1. A failed save answers 500/503 with no record, audit line or metric. */
  async start(
    session: Session,
    toolName: string,
    capability: Capability,
    correlationId: string,
    carrier: TraceCarrier,
  ): Promise<Invocation> {
    const invocation: Invocation = {
      id: generateId('inv'),
      session_id: session.id,
      tool_name: toolName,
      ...(correlationId ? { correlation_id: correlationId } : {}),
      status: 'running',
      started_at: toTimestamp(this.clock.now()),
      duration_ms: 0,
      trace_name: capability.observability.trace_name,
      span_name: capability.observability.span_name,
      exit_code: 0,
      logs: [],
      artifacts: [],
    };
    const span = this.tracer.start(invocation, carrier);
    try {
      await this.guardStore(() => this.store.save(invocation));
    } catch (error) {
      span.discard();
      throw error;
    }
    this.spans.set(invocation.id, span);
    return invocation;
  }

  /**
   * C1, second half: the correlation claim. Returns the owner's id when a twin won the key. A store
   * failure becomes a stable `AppException` (the caller finishes the running record with it).
   */
  async claimCorrelation(key: CorrelationKey, invocationId: string): Promise<string | null> {
    let owner: string | null = null;
    await this.guardStore(async () => {
      owner = await this.store.claimCorrelation(key, invocationId);
    });
    return owner;
  }

  /** C1 lost the correlation race: the record is deleted and its span ends silently. */
  async abandon(invocation: Invocation): Promise<void> {
    this.spans.get(invocation.id)?.discard();
    this.spans.delete(invocation.id);
    await this.store.delete(invocation.id);
  }

  /** Sets the terminal fields, saves, audits and counts. Returns the final record. */
  async finish(
    invocation: Invocation,
    status: TerminalStatus,
    error: ErrorBody | undefined,
    context: FinishContext,
  ): Promise<Invocation> {
    const completed = this.clock.now();
    const final: Invocation = {
      ...invocation,
      status,
      completed_at: toTimestamp(completed),
      duration_ms: Math.max(0, Math.trunc(completed - Date.parse(invocation.started_at))),
      ...(error ? { error } : {}),
    };
    this.metrics.invocationFinished(final.tool_name, status, final.duration_ms, error?.code);
    this.spans.get(final.id)?.end(final);
    this.spans.delete(final.id);
    try {
      await this.store.save(final);
    } catch (saveError) {
      this.logger.write('error', 'invocation terminal save failed', { invocation_id: final.id, error: saveError });
      const code = saveError instanceof AppException && saveError.code === 'unavailable' ? 'unavailable' : 'internal';
      throw new AppException(code, 'invocation record could not be saved', { invocation: final });
    }
    this.audit.record({ invocation: final, session: context.session, approved: context.approved, args: context.args });
    return final;
  }

  private async guardStore(action: () => Promise<void>): Promise<void> {
    try {
      await action();
    } catch (error) {
      if (error instanceof AppException) {
        throw error;
      }
      this.logger.write('error', 'invocation store failed', { error });
      throw new AppException('internal', 'invocation store failed');
    }
  }
}
