import { Injectable } from '@nestjs/common';
import { type Capability, type ErrorBody, type Invocation, type JsonObject, type Session, toTimestamp } from '#app/contracts';
import { AppException } from '#app/errors';
import { AuditLog, JsonLogger, ServiceMetrics, type TerminalStatus } from '#app/observability';
import { generateId } from '#app/sessions';
import { Clock, InvocationStore } from '#app/stores';

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
  constructor(
    private readonly store: InvocationStore,
    private readonly clock: Clock,
    private readonly metrics: ServiceMetrics,
    private readonly audit: AuditLog,
    private readonly logger: JsonLogger,
  ) {}

  /** C1. A failed save answers 500/503 with no record, audit line or metric. */
  async start(session: Session, toolName: string, capability: Capability, correlationId: string): Promise<Invocation> {
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
    await this.guardStore(() => this.store.save(invocation));
    return invocation;
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
