import { Injectable } from '@nestjs/common';
import { type ErrorBody, type Invocation, toTimestamp } from '#app/contracts';
import { AuditLog, JsonLogger, ServiceMetrics } from '#app/observability';
import { Clock, InvocationStore, type LostInvocation } from '#app/stores';
import { InvocationEventPublisher } from './events/invocation-event-publisher.js';
import { invocationStoreCall } from './invocation-store.call.js';

/** The error a lost invocation ends with (API.md 9.2, docs/ERRORS.md). */
export function lostInvocationError(replicaId: string): ErrorBody {
  return {
    code: 'unavailable',
    message: `invocation lost: replica ${replicaId} stopped`,
    retryable: true,
  };
}

/**
 * Finishes running records whose replica stopped heartbeating (docs/STORES.md, "Lost
 * invocations"): on a read of the record and by the periodic sweep of {@link ReplicaHeartbeat}.
 * The store decides atomically which finisher wins; only the winner counts and audits, so a lost
 * invocation gets one terminal record and one audit line however many replicas see it.
 */
@Injectable()
export class LostInvocations {
  constructor(
    private readonly store: InvocationStore,
    private readonly clock: Clock,
    private readonly metrics: ServiceMetrics,
    private readonly audit: AuditLog,
    private readonly logger: JsonLogger,
    private readonly events: InvocationEventPublisher,
  ) {}

  /** The record as a reader should see it: a lost running record is finished first. */
  async settle(record: Invocation): Promise<Invocation> {
    if (record.status !== 'running') {
      return record;
    }
    const lost = await invocationStoreCall(this.logger, () => this.store.findLost(record.id));
    return lost ? (await this.finish(lost)).record : record;
  }

  /** One sweep: finishes every lost record; returns how many this replica finished. */
  async sweep(): Promise<number> {
    const lost = await invocationStoreCall(this.logger, () => this.store.listLost());
    let finished = 0;
    for (const candidate of lost) {
      if ((await this.finish(candidate)).won) {
        finished += 1;
      }
    }
    return finished;
  }

  /**
   * At startup, before this process runs anything and before its first beat: records that name
   * this replica's id were left by an earlier process with the same id (a restarted container).
   */
  async finishOrphaned(): Promise<number> {
    await invocationStoreCall(this.logger, () => this.store.retire());
    const orphaned = await invocationStoreCall(this.logger, () => this.store.listOrphaned());
    let finished = 0;
    for (const candidate of orphaned) {
      if ((await this.finish(candidate)).won) {
        finished += 1;
      }
    }
    return finished;
  }

  private async finish(lost: LostInvocation): Promise<{ record: Invocation; won: boolean }> {
    const completed = this.clock.now();
    const final: Invocation = {
      ...lost.record,
      status: 'failed',
      completed_at: toTimestamp(completed),
      duration_ms: Math.max(0, Math.trunc(completed - Date.parse(lost.record.started_at))),
      error: lostInvocationError(lost.replicaId),
    };
    const won = await invocationStoreCall(this.logger, () => this.store.finishLost(lost, final));
    if (!won) {
      // Another replica (or the owner) finished it first: read what it wrote.
      const current = await invocationStoreCall(this.logger, () => this.store.get(final.id));
      return { record: current ?? lost.record, won: false };
    }
    this.metrics.invocationFinished(final.tool_name, 'failed', final.duration_ms, 'unavailable');
    this.metrics.lostInvocationFinished(final.tool_name);
    this.logger.write('warn', 'lost invocation finished', {
      invocation_id: final.id,
      replica_id: lost.replicaId,
    });
    if (lost.facts) {
      this.audit.recordFacts(final, lost.facts);
    }
    // Its replica is gone and will never write `done`: readers of its events must not hang.
    await this.events.finished(final);
    return { record: final, won: true };
  }
}
