import { Type } from '@sinclair/typebox';
import type { GetMessage } from 'amqplib';
import {
  BudgetExpired,
  ByteBudget,
  ConnectionLeases,
  ConnectionProfiles,
  connectionPolicy,
  MaxBytesArg,
  pause,
  ProfileIdArg,
  TimeoutMsArg,
  withinBudget,
} from '#app/connections';
import type { JsonObject } from '#app/contracts';
import {
  Defaulted,
  OpaqueArray,
  Tool,
  ToolArgs,
  ToolOutput,
  type ToolContext,
  type ToolHandler,
  type ToolResult,
} from '#app/tool-registry';
import { mapQueueError, rabbitProfile } from './rabbit-args.js';
import { ignore, runWithRabbit } from './rabbit-connection.js';

// An empty queue is polled at this interval until the batch budget ends (CATALOG.md 13).
const POLL_INTERVAL_MS = 100;

const RabbitConsumeArgs = ToolArgs({
  profile_id: ProfileIdArg,
  queue: Type.String({ description: 'Queue; must match the profile queues' }),
  max_messages: Defaulted(
    Type.Integer({
      description: 'Stop after this many messages',
      minimum: 1,
      maximum: 200,
      default: 20,
    }),
  ),
  max_bytes: MaxBytesArg('Byte budget shared by all message bodies', 262_144),
  timeout_ms: TimeoutMsArg(2000),
});

@Tool({
  name: 'rabbit.consume',
  description:
    'Peek at up to max_messages of a RabbitMQ queue without removing them (fetched, then requeued).',
  inputSchema: RabbitConsumeArgs,
  outputSchema: ToolOutput({
    profile_id: Type.String(),
    queue: Type.String(),
    messages: OpaqueArray(),
    message_count: Type.Integer(),
    total_bytes: Type.Integer(),
    truncated: Type.Boolean(),
    requeued: Type.Boolean(),
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
export class RabbitConsumeTool implements ToolHandler<typeof RabbitConsumeArgs> {
  constructor(
    private readonly profiles: ConnectionProfiles,
    private readonly leases: ConnectionLeases,
  ) {}

  async execute({
    session,
    args,
    signal,
  }: ToolContext<typeof RabbitConsumeArgs>): Promise<ToolResult> {
    const { profile, queue } = rabbitProfile(this.profiles, session.metadata, args);
    const maxMessages = args.max_messages;
    const budget = new ByteBudget(args.max_bytes);
    const endpoint = this.profiles.endpointFor(profile, 'rabbitmq');
    const messages: JsonObject[] = [];
    await runWithRabbit(
      this.leases,
      endpoint,
      args.timeout_ms,
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
