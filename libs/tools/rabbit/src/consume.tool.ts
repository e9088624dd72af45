import type { GetMessage } from 'amqplib';
import {
  BudgetExpired,
  ByteBudget,
  ConnectionLeases,
  ConnectionProfiles,
  connectionPolicy,
  inputSchema,
  integerSchema,
  maxBytesSchema,
  outputSchema,
  pause,
  PROFILE_ID_SCHEMA,
  readInteger,
  readTimeoutMs,
  stringSchema,
  timeoutMsSchema,
  withinBudget,
} from '#app/connections';
import type { JsonObject } from '#app/contracts';
import { Tool, type ToolContext, type ToolHandler, type ToolResult } from '#app/tool-registry';
import { mapQueueError, rabbitProfile } from './rabbit-args.js';
import { ignore, runWithRabbit } from './rabbit-connection.js';

// An empty queue is polled at this interval until the batch budget ends (CATALOG.md 13).
const POLL_INTERVAL_MS = 100;

@Tool({
  name: 'rabbit.consume',
  description:
    'Peek at up to max_messages of a RabbitMQ queue without removing them (fetched, then requeued).',
  inputSchema: inputSchema(
    {
      profile_id: PROFILE_ID_SCHEMA,
      queue: stringSchema('Queue; must match the profile queues'),
      max_messages: integerSchema('Stop after this many messages', 1, 200, 20),
      max_bytes: maxBytesSchema('Byte budget shared by all message bodies', 262_144),
      timeout_ms: timeoutMsSchema(2000),
    },
    ['profile_id', 'queue'],
  ),
  outputSchema: outputSchema({
    profile_id: 'string',
    queue: 'string',
    messages: 'array',
    message_count: 'integer',
    total_bytes: 'integer',
    truncated: 'boolean',
    requeued: 'boolean',
  }),
  scope: 'external',
  sideEffects: 'none',
  riskLevel: 'medium',
  requiresApproval: false,
  idempotency: 'best-effort',
  timeoutSeconds: 30,
  maxRetries: 0,
  outputLimitKb: 2048,
  policy: connectionPolicy('queue_fields', 'queue'),
  examples: [{ profile_id: 'dev.rabbit', queue: 'dev.orders', max_messages: 5 }],
})
export class RabbitConsumeTool implements ToolHandler {
  constructor(
    private readonly profiles: ConnectionProfiles,
    private readonly leases: ConnectionLeases,
  ) {}

  async execute({ session, args, signal }: ToolContext): Promise<ToolResult> {
    const { profile, queue } = rabbitProfile(this.profiles, session.metadata, args);
    const maxMessages = readInteger(args, 'max_messages', 20, 1, 200);
    const budget = new ByteBudget(readInteger(args, 'max_bytes', 262_144, 1, 1_048_576));
    const endpoint = this.profiles.endpointFor(profile, 'rabbitmq');
    const messages: JsonObject[] = [];
    await runWithRabbit(
      this.leases,
      endpoint,
      readTimeoutMs(args, 2000),
      signal,
      async (connection, deadline) => {
        const channel = await withinBudget(connection.createChannel(), deadline.remainingMs());
        channel.on('error', ignore);
        await withinBudget(channel.checkQueue(queue), deadline.remainingMs()).catch(
          (error: unknown) => {
            throw mapQueueError(error);
          },
        );
        let last: GetMessage | undefined;
        try {
          // The timeout ends the batch normally.
          while (messages.length < maxMessages && !deadline.expired() && !signal.aborted) {
            const message = await withinBudget(
              channel.get(queue, { noAck: false }),
              deadline.remainingMs(),
            ).catch((error: unknown) => {
              // A get still in flight at the deadline is requeued when the connection closes.
              if (error instanceof BudgetExpired) {
                return false as const;
              }
              throw error;
            });
            if (message === false) {
              await pause(Math.min(POLL_INTERVAL_MS, deadline.remainingMs()), signal);
              continue;
            }
            last = message;
            const kept = budget.take(message.content);
            if (kept === undefined) {
              break;
            }
            messages.push(describe(message, kept.data, kept.trimmed));
          }
        } finally {
          if (last !== undefined) {
            // basic.nack multiple + requeue: the queue content is unchanged. Closing the channel
            // would requeue them too; the explicit nack keeps the order and says so.
            channel.nack(last, true, true);
            await withinBudget(channel.close(), 500).catch(() => undefined);
          }
        }
      },
    );
    return {
      output: {
        profile_id: profile.id,
        queue,
        messages,
        message_count: messages.length,
        total_bytes: budget.usedBytes,
        truncated: budget.truncated,
        requeued: messages.length > 0,
      },
    };
  }
}

function describe(message: GetMessage, body: Buffer, trimmed: boolean): JsonObject {
  const timestamp: unknown = message.properties.timestamp;
  return {
    exchange: message.fields.exchange,
    routing_key: message.fields.routingKey,
    redelivered: message.fields.redelivered,
    timestamp_unix: typeof timestamp === 'number' ? timestamp : 0,
    body_base64: body.toString('base64'),
    size_bytes: message.content.length,
    body_trimmed: trimmed,
  };
}
