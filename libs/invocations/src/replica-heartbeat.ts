import {
  type BeforeApplicationShutdown,
  Injectable,
  type OnApplicationBootstrap,
} from '@nestjs/common';
import { JsonLogger } from '#app/observability';
import { InvocationStore, REPLICA_HEARTBEAT_INTERVAL_MS } from '#app/stores';
import { InvocationCancellation } from './invocation-cancellation.js';
import { LostInvocations } from './lost-invocations.js';

/**
 * Keeps this replica's heartbeat in the invocation store and, on the same tick, sweeps for running
 * records of replicas whose heartbeat is gone (docs/STORES.md, "Lost invocations"). At startup it
 * first finishes records an earlier process with the same replica id left running, then beats, all
 * before the service listens; at shutdown, after the drain has settled every in-flight
 * invocation, the heartbeat is dropped so the others finish anything still recorded as running
 * here without waiting for its TTL. Each tick also asks the cancel bus about the invocations this
 * replica runs, for cancels its subscriber missed (docs/STORES.md, "Cancels"). Memory stores make
 * these steps no-ops.
 */
@Injectable()
export class ReplicaHeartbeat implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private stopped = false;

  constructor(
    private readonly store: InvocationStore,
    private readonly lost: LostInvocations,
    private readonly cancellation: InvocationCancellation,
    private readonly logger: JsonLogger,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    // Nothing runs here yet: what still names this replica's id is an earlier process's.
    await this.lost
      .finishOrphaned()
      .catch((error: unknown) =>
        this.logger.write('warn', 'orphaned invocation recovery failed', { error }),
      );
    await this.beat();
    this.schedule();
  }

  // Before `onApplicationShutdown`, where the Valkey connection closes.
  async beforeApplicationShutdown(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.running;
    await this.store
      .retire()
      .catch((error: unknown) => this.logger.write('warn', 'heartbeat removal failed', { error }));
  }

  /**
   * One tick: beat, sweep for lost records, then pick up cancels this replica's subscriber missed.
   * Public so tests can drive it without waiting.
   */
  async tick(): Promise<void> {
    await this.beat();
    await this.lost
      .sweep()
      .catch((error: unknown) =>
        this.logger.write('warn', 'lost invocation sweep failed', { error }),
      );
    await this.cancellation
      .sweep()
      .catch((error: unknown) => this.logger.write('warn', 'cancel sweep failed', { error }));
  }

  private async beat(): Promise<void> {
    await this.store
      .heartbeat()
      .catch((error: unknown) => this.logger.write('warn', 'heartbeat failed', { error }));
  }

  // Chained timeouts: a slow tick never overlaps the next one.
  private schedule(): void {
    if (this.stopped) {
      return;
    }
    this.timer = setTimeout(() => {
      this.running = this.tick().finally(() => this.schedule());
    }, REPLICA_HEARTBEAT_INTERVAL_MS);
    this.timer.unref();
  }
}
