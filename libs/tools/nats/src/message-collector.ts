import type { Msg, Subscription } from '@nats-io/transport-node';
import { ByteBudget, type CallDeadline } from '#app/connections';
import type { JsonObject } from '#app/contracts';

/**
 * Messages of one `nats.subscribe_pull` batch under a shared byte budget (CATALOG.md 11): a message
 * that does not fit is cut and flagged `data_trimmed`; once nothing is left the next one is dropped
 * and the batch ends.
 */
export class MessageCollector {
  readonly messages: JsonObject[] = [];
  private readonly budget: ByteBudget;

  constructor(
    private readonly maxMessages: number,
    maxBytes: number,
  ) {
    this.budget = new ByteBudget(maxBytes);
  }

  /** Adds a message; false when the batch is complete. */
  add(message: Msg, sequence?: number): boolean {
    const kept = this.budget.take(Buffer.from(message.data));
    if (kept === undefined) {
      return false;
    }
    this.messages.push({
      subject: message.subject,
      data_base64: kept.data.toString('base64'),
      size_bytes: message.data.length,
      data_trimmed: kept.trimmed,
      ...(sequence === undefined ? {} : { sequence }),
    });
    return this.messages.length < this.maxMessages;
  }

  get totalBytes(): number {
    return this.budget.usedBytes;
  }

  get truncated(): boolean {
    return this.budget.truncated;
  }
}

/**
 * Reads a subscription until `onMessage` says stop, the subscription ends, or the deadline passes —
 * the deadline ends a batch normally (CATALOG.md 11), so it is not an error here.
 */
export async function readUntilDone(
  subscription: Subscription,
  deadline: CallDeadline,
  onMessage: (message: Msg) => boolean,
): Promise<void> {
  const timer = setTimeout(() => subscription.unsubscribe(), deadline.remainingMs());
  try {
    for await (const message of subscription) {
      if (!onMessage(message)) {
        break;
      }
    }
  } finally {
    clearTimeout(timer);
    subscription.unsubscribe();
  }
}
