import { Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import type { Invocation } from '#app/contracts';
import { AppException } from '#app/errors';
import { JsonLogger } from '#app/observability';
import { InFlightInvocations } from '#app/sessions';
import { CancelBus } from '#app/stores';

/**
 * A caller's cancel (API.md 5.18). An invocation running on this replica is aborted here; any other
 * is announced on the {@link CancelBus}, which every replica hears from startup on: the one holding
 * it in {@link InFlightInvocations} aborts it with reason `cancelled`, and the tool runner records
 * status `cancelled`, error `cancelled`. Fails closed: a cancel this replica cannot send, or could
 * not hear itself, is 503, never a 202 that cancels nothing.
 */
@Injectable()
export class InvocationCancellation implements OnApplicationBootstrap {
  constructor(
    private readonly inFlight: InFlightInvocations,
    private readonly bus: CancelBus,
    private readonly logger: JsonLogger,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.bus.listen((invocationId) => this.deliver(invocationId));
  }

  /**
   * Run by the replica tick: cancels this replica missed while its subscriber was reconnecting
   * (docs/STORES.md, "Cancels") are found by asking about every invocation it runs.
   */
  async sweep(): Promise<void> {
    const running = this.inFlight.ids();
    for (const invocationId of await this.bus.requested(running)) {
      this.deliver(invocationId);
    }
  }

  /**
   * Sends the cancel for a record the caller may read (a lost one already settled by the guard).
   * @throws AppException 409 `conflict` when the record is terminal; 503 `unavailable` when the
   * cancel cannot be delivered.
   */
  async cancel(record: Invocation): Promise<void> {
    if (record.status !== 'running') {
      // Plain envelope like every route but invoke (API.md 3.1): the outcome is a GET away.
      throw new AppException('conflict', 'invocation is not running');
    }
    if (this.inFlight.holds(record.id)) {
      this.deliver(record.id);
      return;
    }
    if (!this.bus.listening) {
      throw new AppException('unavailable', 'cancel channel unavailable');
    }
    // Every listening replica hears it, this one included: one still in the gates remembers it.
    await this.bus.publish(record.id);
  }

  /** Aborts the invocation when this replica runs it (or remembers the id, see InFlightInvocations). */
  private deliver(invocationId: string): boolean {
    const cancelled = this.inFlight.cancel(invocationId);
    if (cancelled) {
      this.logger.write('info', 'invocation cancelled', { invocation_id: invocationId });
    }
    return cancelled;
  }
}
