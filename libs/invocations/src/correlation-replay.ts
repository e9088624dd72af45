import { Injectable } from '@nestjs/common';
import type { Invocation } from '#app/contracts';
import { AppException } from '#app/errors';
import { Clock, InvocationStore } from '#app/stores';
import type { InvocationContext } from './invocation-context.js';
import { InvocationHydrator } from './invocation-hydrator.js';
import { LostInvocations } from './lost-invocations.js';
import { responseError } from './invocation-response.js';

/**
 * B1: a correlation id already used for this session and tool answers with the owner's record.
 * Nothing runs and nothing is recorded, audited, counted or traced.
 */
@Injectable()
export class CorrelationReplay {
  constructor(
    private readonly store: InvocationStore,
    private readonly hydrator: InvocationHydrator,
    private readonly clock: Clock,
    private readonly lost: LostInvocations,
  ) {}

  /** The id of the invocation that owns the context's correlation key, if any. */
  async ownerOf({ correlationId, session, toolName }: InvocationContext): Promise<string | null> {
    if (!correlationId) {
      return null;
    }
    return this.store.findByCorrelation({ sessionId: session.id, toolName, correlationId });
  }

  /**
   * The owner's record: returned when it succeeded, thrown as its error otherwise; while running,
   * an async owner is answered 202 with its current record (API.md 5.10), a synchronous one 409.
   */
  async answer(ownerId: string): Promise<{ invocation: Invocation; accepted: boolean }> {
    const stored = await this.store.get(ownerId);
    if (!stored) {
      throw new AppException('internal', 'correlated invocation record is missing');
    }
    // A running owner of a stopped replica is finished first: the replay returns that failure.
    const record = await this.hydrator.hydrate(await this.lost.settle(stored));
    if (record.status === 'running' && record.async === true) {
      return { invocation: record, accepted: true };
    }
    if (record.status === 'running') {
      throw new AppException('conflict', 'invocation with this correlation_id is still running', {
        retryable: true,
        invocation: record,
      });
    }
    if (record.status !== 'succeeded') {
      throw responseError(record, {}, this.clock.now());
    }
    return { invocation: record, accepted: false };
  }
}
