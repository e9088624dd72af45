import { Injectable } from '@nestjs/common';
import { type Invocation, toTimestamp } from '#app/contracts';
import {
  AuditLog,
  auditFacts,
  InvocationTracer,
  JsonLogger,
  ServiceMetrics,
} from '#app/observability';
import { Clock, InvocationStore } from '#app/stores';
import { InvocationEventPublisher } from './events/invocation-event-publisher.js';
import type { InvocationContext } from './invocation-context.js';
import { InvocationHandle, type RecordKeeping } from './invocation-handle.js';
import { invocationStoreCall } from './invocation-store.call.js';

/** C1: creates the running record and hands back the {@link InvocationHandle} that owns it. */
@Injectable()
export class InvocationRecorder {
  private readonly keeping: RecordKeeping;

  constructor(
    private readonly store: InvocationStore,
    private readonly clock: Clock,
    metrics: ServiceMetrics,
    audit: AuditLog,
    private readonly logger: JsonLogger,
    private readonly tracer: InvocationTracer,
    private readonly events: InvocationEventPublisher,
  ) {
    this.keeping = { store, clock, metrics, audit, logger };
  }

  /** Builds, traces and saves the running record. A failed save answers 500/503 with no record, audit line or metric. */
  async start(context: InvocationContext): Promise<InvocationHandle> {
    const { capability } = context;
    const running: Invocation = {
      id: context.invocationId,
      session_id: context.session.id,
      tool_name: context.toolName,
      ...(context.correlationId ? { correlation_id: context.correlationId } : {}),
      status: 'running',
      ...(context.async ? { async: true } : {}),
      started_at: toTimestamp(this.clock.now()),
      duration_ms: 0,
      trace_name: capability.observability.trace_name,
      span_name: capability.observability.span_name,
      exit_code: 0,
      logs: [],
      artifacts: [],
    };
    const span = this.tracer.start(running, context.traceCarrier);
    let argsDigest: string;
    try {
      // The audit facts go with the running record: another replica may have to finish it.
      const facts = auditFacts(
        context.session,
        context.approved,
        context.args,
        context.approvedVia,
      );
      argsDigest = facts.argsSha256;
      await invocationStoreCall(this.logger, () => this.store.save(running, facts));
    } catch (error) {
      span.discard();
      throw error;
    }
    return new InvocationHandle(
      context,
      running,
      span,
      this.keeping,
      this.events.open(running.id),
      argsDigest,
    );
  }
}
