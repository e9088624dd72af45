import {
  assertPayloadSize,
  assertWritable,
  ConnectionLeases,
  ConnectionProfiles,
  connectionPolicy,
  decodePayload,
  enumSchema,
  inputSchema,
  maxBytesSchema,
  outputSchema,
  PROFILE_ID_SCHEMA,
  readInteger,
  readString,
  readTimeoutMs,
  stringSchema,
  timeoutMsSchema,
  withinBudget,
} from '#app/connections';
import { AppException } from '#app/errors';
import { Tool, type ToolContext, type ToolHandler, type ToolResult } from '#app/tool-registry';
import { assertRouteAllowed, rabbitProfile } from './rabbit-args.js';
import { ignore, runWithRabbit } from './rabbit-connection.js';

@Tool({
  name: 'rabbit.publish',
  description:
    'Publish one message to RabbitMQ on a confirm channel through a writable connection profile.',
  inputSchema: inputSchema(
    {
      profile_id: PROFILE_ID_SCHEMA,
      queue: stringSchema('Queue; must match the profile queues'),
      exchange: stringSchema(
        'Exchange (empty = the default exchange); a named one must be in the profile exchanges',
        '',
      ),
      routing_key: stringSchema(
        'Routing key (default: the queue name; must be the queue on the default exchange)',
      ),
      payload: stringSchema('Message body, encoded as payload_encoding says', ''),
      payload_encoding: enumSchema('Encoding of payload', ['utf8', 'base64'], 'utf8'),
      timeout_ms: timeoutMsSchema(2000),
      max_bytes: maxBytesSchema('Refuse a decoded payload larger than this', 1_048_576),
    },
    ['profile_id', 'queue'],
  ),
  outputSchema: outputSchema({
    profile_id: 'string',
    queue: 'string',
    exchange: 'string',
    routing_key: 'string',
    payload_bytes: 'integer',
    published: 'boolean',
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
export class RabbitPublishTool implements ToolHandler {
  constructor(
    private readonly profiles: ConnectionProfiles,
    private readonly leases: ConnectionLeases,
  ) {}

  async execute({ session, args, signal }: ToolContext): Promise<ToolResult> {
    const { profile, queue } = rabbitProfile(this.profiles, session.metadata, args);
    assertWritable(profile);
    const payload = decodePayload(
      readString(args, 'payload'),
      readString(args, 'payload_encoding', 'utf8'),
    );
    assertPayloadSize(payload, readInteger(args, 'max_bytes', 1_048_576, 1, 1_048_576));
    const exchange = readString(args, 'exchange');
    const routingKey = readString(args, 'routing_key', queue);
    // What is governed is where the message goes, not only the queue argument.
    assertRouteAllowed(profile, session.metadata, queue, exchange, routingKey);
    const endpoint = this.profiles.endpointFor(profile, 'rabbitmq');
    await runWithRabbit(
      this.leases,
      endpoint,
      readTimeoutMs(args, 2000),
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
