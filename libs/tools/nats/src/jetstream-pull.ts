import {
  AckPolicy,
  DeliverPolicy,
  type JetStreamManager,
  jetstreamManager,
} from '@nats-io/jetstream';
import { createInbox, type NatsConnection, nanos } from '@nats-io/transport-node';
import { type CallDeadline, withinBudget } from '#app/connections';
import { parseDeliveryReply } from './jetstream-reply.js';
import { type MessageCollector, readUntilDone } from './message-collector.js';

export type DeliverMode = 'all' | 'last' | 'new';

const POLICIES = {
  all: DeliverPolicy.All,
  last: DeliverPolicy.Last,
  new: DeliverPolicy.New,
} as const;

// The server removes the consumer by itself if this process dies before deleting it.
const INACTIVE_THRESHOLD_MS = 30_000;

/**
 * JetStream history (CATALOG.md 11): when a stream captures `subject`, reads it through an
 * ephemeral, ack-less consumer pushed to a private inbox (one subscriber, so delivery is ordered),
 * then deletes the consumer. Nothing is acknowledged or removed; no durable state is created.
 * Returns the stream name, or `undefined` when no stream captures the subject or JetStream is off.
 */
export async function pullFromStream(
  nc: NatsConnection,
  subject: string,
  deliver: DeliverMode,
  deadline: CallDeadline,
  collector: MessageCollector,
): Promise<string | undefined> {
  const located = await locateStream(nc, subject, deadline);
  if (located === undefined) {
    return undefined;
  }
  const { jsm, stream } = located;
  const inbox = createInbox();
  const subscription = nc.subscribe(inbox);
  await withinBudget(nc.flush(), deadline.remainingMs());
  const consumer = await withinBudget(
    jsm.consumers.add(stream, {
      deliver_subject: inbox,
      filter_subject: subject,
      deliver_policy: POLICIES[deliver],
      ack_policy: AckPolicy.None,
      mem_storage: true,
      num_replicas: 1,
      inactive_threshold: nanos(INACTIVE_THRESHOLD_MS),
    }),
    deadline.remainingMs(),
  );
  try {
    // `all`/`last` stop when the stored backlog is exhausted; `new` waits for live messages.
    if (deliver === 'new' || consumer.num_pending > 0) {
      await readUntilDone(subscription, deadline, (message) => {
        const info = parseDeliveryReply(message.reply);
        const more = collector.add(message, info?.streamSequence);
        return more && (deliver === 'new' || info === undefined || info.pending > 0);
      });
    }
  } finally {
    subscription.unsubscribe();
    await withinBudget(jsm.consumers.delete(stream, consumer.name), 1_000).catch(() => undefined);
  }
  return stream;
}

async function locateStream(
  nc: NatsConnection,
  subject: string,
  deadline: CallDeadline,
): Promise<{ jsm: JetStreamManager; stream: string } | undefined> {
  try {
    const jsm = await jetstreamManager(nc, { timeout: deadline.remainingMs() });
    return { jsm, stream: await jsm.streams.find(subject) };
  } catch (error) {
    // No stream for the subject, or JetStream not enabled: the core fallback applies. A closed
    // connection is a real failure and surfaces as one.
    if (nc.isClosed()) {
      throw error;
    }
    return undefined;
  }
}
