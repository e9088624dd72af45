import { Type } from '@sinclair/typebox';
import {
  assertPayloadSize,
  assertWritable,
  ConnectionLeases,
  ConnectionProfiles,
  connectionPolicy,
  decodePayload,
  MaxBytesArg,
  ProfileIdArg,
  TimeoutMsArg,
  withinBudget,
} from '#app/connections';
import { AppException } from '#app/errors';
import {
  Defaulted,
  Tool,
  ToolArgs,
  ToolOutput,
  type ToolContext,
  type ToolHandler,
  type ToolResult,
} from '#app/tool-registry';
import { assertRouteAllowed, rabbitProfile } from './rabbit-args.js';
import { ignore, runWithRabbit } from './rabbit-connection.js';

const RabbitPublishArgs = ToolArgs({
  profile_id: ProfileIdArg,
  queue: Type.String({ description: 'Queue; must match the profile queues' }),
  exchange: Defaulted(
    Type.String({
      description:
        'Exchange (empty = the default exchange); a named one must be in the profile exchanges',
      default: '',
    }),
  ),
  routing_key: Type.Optional(
    Type.String({
      description:
        'Routing key (default: the queue name; must be the queue on the default exchange)',
    }),
  ),
  payload: Defaulted(
    Type.String({ description: 'Message body, encoded as payload_encoding says', default: '' }),
  ),
  payload_encoding: Defaulted(
    Type.Unsafe<'utf8' | 'base64'>({
      type: 'string',
      description: 'Encoding of payload',
      enum: ['utf8', 'base64'],
      default: 'utf8',
    }),
  ),
  timeout_ms: TimeoutMsArg(2000),
  max_bytes: MaxBytesArg('Refuse a decoded payload larger than this', 1_048_576),
});

@Tool({
  name: 'rabbit.publish',
  description:
    'Publish one message to RabbitMQ on a confirm channel through a writable connection profile.',
  inputSchema: RabbitPublishArgs,
  outputSchema: ToolOutput({
    profile_id: Type.String(),
    queue: Type.String(),
    exchange: Type.String(),
    routing_key: Type.String(),
    payload_bytes: Type.Integer(),
    published: Type.Boolean(),
  }),
  scope: 'external',
  sideEffects: 'reversible',
  riskLevel: 'medium',
  requiresApproval: true,
  idempotency: 'best-effort',
  timeoutSeconds: 20,
  maxRetries: 0,
  outputLimitKb: 256,
  policy: connectionPolicy('queue_fields', 'queue'),
  examples: [{ profile_id: 'sandbox.rabbit', queue: 'sandbox.jobs', payload: '{"job":1}' }],
})
export class RabbitPublishTool implements ToolHandler<typeof RabbitPublishArgs> {
  constructor(
    private readonly profiles: ConnectionProfiles,
    private readonly leases: ConnectionLeases,
  ) {}

  async execute({
    session,
    args,
    signal,
  }: ToolContext<typeof RabbitPublishArgs>): Promise<ToolResult> {
    const { profile, queue } = rabbitProfile(this.profiles, session.metadata, args);
    assertWritable(profile);
    const payload = decodePayload(args.payload, args.payload_encoding);
    assertPayloadSize(payload, args.max_bytes);
    const exchange = args.exchange;
    // No schema default: an absent routing key is the queue name.
    const routingKey = args.routing_key ?? queue;
    // What is governed is where the message goes, not only the queue argument.
    assertRouteAllowed(profile, session.metadata, queue, exchange, routingKey);
    const endpoint = this.profiles.endpointFor(profile, 'rabbitmq');
    await runWithRabbit(
      this.leases,
      endpoint,
      args.timeout_ms,
      signal,
      async (connection, deadline) => {
        const channel = await withinBudget(
          connection.createConfirmChannel(),
          deadline.remainingMs(),
        );
        channel.on('error', ignore);
        channel.publish(exchange, routingKey, payload, {
          contentType: 'application/octet-stream',
          timestamp: Math.floor(Date.now() / 1000),
        });
        try {
          await withinBudget(channel.waitForConfirms(), deadline.remainingMs());
        } catch (error) {
          // amqplib rejects with exactly this message when the broker answers basic.nack.
          if (error instanceof Error && error.message === 'message nacked') {
            throw new AppException('execution_failed', 'broker did not confirm the message (nack)');
          }
          throw error;
        }
      },
    );
    return {
      output: {
        profile_id: profile.id,
        queue,
        exchange,
        routing_key: routingKey,
        payload_bytes: payload.length,
        published: true,
      },
    };
  }
}
