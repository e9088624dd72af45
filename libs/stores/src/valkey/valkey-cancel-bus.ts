import type { OnApplicationShutdown } from '@nestjs/common';
import type { Redis } from 'ioredis';
import { CANCEL_MEMORY_SECONDS, CancelBus, type CancelListener } from '../cancel-bus.port.js';
import type { ValkeyConnection } from './valkey-connection.js';
import { valkeyCall } from './valkey-errors.js';

/**
 * Cancels through Valkey pub/sub (docs/STORES.md, "Cancels"): `SET <channel>:<invocation id>` (kept
 * {@link CANCEL_MEMORY_SECONDS}) then `PUBLISH <channel> <invocation id>` on the shared connection; each replica hears the channel on a subscriber connection of its own
 * (a subscribed connection can run no other command), opened by `listen()` at startup and closed
 * at shutdown. The subscriber subscribes again on every reconnect; until it has, `listening` is
 * false and this replica refuses to send cancels it might not be able to hear.
 */
export class ValkeyCancelBus extends CancelBus implements OnApplicationShutdown {
  private subscriber: Redis | undefined;
  private subscribed = false;
  private listener: CancelListener | undefined;

  constructor(
    private readonly connection: ValkeyConnection,
    /** `<INVOCATION_STORE_KEY_PREFIX>:cancel` */
    readonly channel: string,
  ) {
    super();
  }

  /** Remembered first (`<channel>:<id>`), then announced: a replica that misses the message finds the key. */
  async publish(invocationId: string): Promise<void> {
    const key = `${this.channel}:${invocationId}`;
    await valkeyCall(() => this.connection.client.set(key, '1', 'EX', CANCEL_MEMORY_SECONDS));
    await valkeyCall(() => this.connection.client.publish(this.channel, invocationId));
  }

  async requested(invocationIds: readonly string[]): Promise<string[]> {
    if (invocationIds.length === 0) {
      return [];
    }
    const keys = invocationIds.map((id) => `${this.channel}:${id}`);
    const values = await valkeyCall(() => this.connection.client.mget(...keys));
    return invocationIds.filter((_, index) => values[index] !== null);
  }

  /** @throws Error `cancel channel unavailable at <host:port>: <reason>` when the first subscribe fails. */
  async listen(listener: CancelListener): Promise<void> {
    if (this.subscriber) {
      throw new Error('cancel bus is already listening');
    }
    this.listener = listener;
    // Same address, credentials and timeouts as the shared connection; resubscribing is ours.
    const subscriber = this.connection.client.duplicate({
      autoResubscribe: false,
      lazyConnect: true,
      // A subscriber connection only (un)subscribes: nothing to batch.
      enableAutoPipelining: false,
    });
    this.subscriber = subscriber;
    subscriber.on('error', () => undefined); // reconnects by itself; `listening` tells the state
    subscriber.on('close', () => {
      this.subscribed = false;
    });
    subscriber.on('message', (channel: string, message: string) => {
      if (channel === this.channel) {
        this.listener?.(message);
      }
    });
    try {
      await subscriber.connect();
      await this.subscribe();
    } catch (error) {
      subscriber.disconnect();
      const reason = error instanceof Error ? error.message : String(error);
      throw new Error(`cancel channel unavailable at ${this.connection.address}: ${reason}`);
    }
    subscriber.on('ready', () => {
      this.subscribe().catch(() => subscriber.disconnect(true)); // retry on a fresh connection
    });
  }

  get listening(): boolean {
    return this.subscribed && this.subscriber?.status === 'ready';
  }

  async onApplicationShutdown(): Promise<void> {
    this.close();
  }

  close(): void {
    this.subscribed = false;
    this.listener = undefined;
    this.subscriber?.disconnect();
  }

  private async subscribe(): Promise<void> {
    await this.subscriber?.subscribe(this.channel);
    this.subscribed = true;
  }
}
