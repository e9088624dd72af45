import type { Invocation } from '#app/contracts';
import { AppException } from '#app/errors';
import { JsonLogger } from '#app/observability';
import { InFlightInvocations } from '#app/sessions';
import { CancelBus, type CancelListener } from '#app/stores';
import { InvocationCancellation } from './invocation-cancellation.js';

/** A bus whose connection state the test sets; it records what was published. */
class FakeBus extends CancelBus {
  listening = true;
  readonly published: string[] = [];
  listener: CancelListener | undefined;
  failure: Error | undefined;

  async publish(invocationId: string): Promise<void> {
    if (this.failure) {
      throw this.failure;
    }
    this.published.push(invocationId);
    this.listener?.(invocationId); // like Redis, the sender's own subscriber hears it too
  }

  async requested(invocationIds: readonly string[]): Promise<string[]> {
    return invocationIds.filter((id) => this.published.includes(id));
  }

  async listen(listener: CancelListener): Promise<void> {
    this.listener = listener;
  }
}

const record = (status: Invocation['status']): Invocation =>
  ({ id: 'inv-0123456789abcdef', session_id: 'session-1', status }) as Invocation;

describe('InvocationCancellation (API.md 5.18)', () => {
  let bus: FakeBus;
  let inFlight: InFlightInvocations;
  let cancellation: InvocationCancellation;

  beforeEach(async () => {
    bus = new FakeBus();
    inFlight = new InFlightInvocations();
    cancellation = new InvocationCancellation(
      inFlight,
      bus,
      new JsonLogger('error', () => undefined),
    );
    await cancellation.onApplicationBootstrap();
  });

  /** Tracks a running invocation on this replica; returns its controller. */
  function runningHere(id = 'inv-0123456789abcdef'): AbortController {
    const controller = new AbortController();
    inFlight.track(id, 'session-1', controller, new Promise(() => undefined));
    return controller;
  }

  it.each(['succeeded', 'failed', 'denied', 'cancelled'] as const)(
    'should refuse a %s record with 409 conflict and send nothing',
    async (status) => {
      const refused = cancellation.cancel(record(status));
      await expect(refused).rejects.toThrow(AppException);
      await expect(refused).rejects.toMatchObject({
        code: 'conflict',
        message: 'invocation is not running',
        retryable: false,
      });
      expect(bus.published).toEqual([]);
    },
  );

  it('should abort an invocation running here with reason cancelled, without the bus, even when it is down', async () => {
    const controller = runningHere();
    bus.listening = false;

    await cancellation.cancel(record('running'));
    await cancellation.cancel(record('running')); // idempotent

    expect(controller.signal.reason).toBe('cancelled');
    expect(bus.published).toEqual([]);
  });

  it('should publish a cancel for an invocation running elsewhere', async () => {
    await cancellation.cancel(record('running'));
    expect(bus.published).toEqual(['inv-0123456789abcdef']);
  });

  it('should end an invocation still in its gates here once it starts, through its own delivery', async () => {
    await cancellation.cancel(record('running'));
    const starting = runningHere();
    expect(starting.signal.reason).toBe('cancelled');
  });

  it('should fail closed with 503 when this replica is not listening, and publish nothing', async () => {
    bus.listening = false;
    await expect(cancellation.cancel(record('running'))).rejects.toMatchObject({
      code: 'unavailable',
      message: 'cancel channel unavailable',
      retryable: true,
    });
    expect(bus.published).toEqual([]);
    // A refused cancel is not remembered either: the invocation runs normally if it starts here.
    const later = runningHere();
    expect(later.signal.aborted).toBe(false);
  });

  it('should pass a failed publish on (503 valkey unavailable)', async () => {
    bus.failure = new AppException('unavailable', 'valkey unavailable');
    await expect(cancellation.cancel(record('running'))).rejects.toBe(bus.failure);
  });

  it('should abort what this replica runs when the bus delivers a cancel, and ignore other ids', () => {
    const mine = runningHere('inv-aaaaaaaaaaaaaaaa');
    const other = runningHere('inv-bbbbbbbbbbbbbbbb');

    bus.listener?.('inv-aaaaaaaaaaaaaaaa');
    bus.listener?.('inv-cccccccccccccccc');

    expect(mine.signal.reason).toBe('cancelled');
    expect(other.signal.aborted).toBe(false);
  });

  it('should abort on the sweep what was published while this replica was not hearing', async () => {
    bus.published.push('inv-aaaaaaaaaaaaaaaa'); // published, the message missed
    const missed = runningHere('inv-aaaaaaaaaaaaaaaa');
    const other = runningHere('inv-bbbbbbbbbbbbbbbb');

    await cancellation.sweep();

    expect(missed.signal.reason).toBe('cancelled');
    expect(other.signal.aborted).toBe(false);
  });
});
