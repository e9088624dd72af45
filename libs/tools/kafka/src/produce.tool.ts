import type { Producer } from 'kafkajs';
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
import { Tool, type ToolContext, type ToolHandler, type ToolResult } from '#app/tool-registry';
import { kafkaProfile } from './kafka-args.js';
import { runWithKafka } from './kafka-connection.js';
import { mapTopicError } from './kafka-errors.js';

@Tool({
  name: 'kafka.produce',
  description:
    'Write one record to a Kafka topic partition (leader acknowledgement) through a writable connection profile.',
  inputSchema: inputSchema(
    {
      profile_id: PROFILE_ID_SCHEMA,
      topic: stringSchema('Topic; must match the profile topics'),
      partition: { type: 'integer', description: 'Partition to write', minimum: 0, default: 0 },
      key: stringSchema('Record key, encoded as key_encoding says (empty = no key)', ''),
      key_encoding: enumSchema('Encoding of key', ['utf8', 'base64'], 'utf8'),
      value: stringSchema('Record value, encoded as value_encoding says', ''),
      value_encoding: enumSchema('Encoding of value', ['utf8', 'base64'], 'utf8'),
      timeout_ms: timeoutMsSchema(2000),
      max_bytes: maxBytesSchema('Refuse a decoded key plus value larger than this', 1_048_576),
    },
    ['profile_id', 'topic'],
  ),
  outputSchema: outputSchema({
    profile_id: 'string',
    topic: 'string',
    partition: 'integer',
    key_bytes: 'integer',
    value_bytes: 'integer',
    produced: 'boolean',
    offset: 'integer',
  }),
  scope: 'external',
  sideEffects: 'reversible',
  riskLevel: 'medium',
  requiresApproval: true,
  idempotency: 'best-effort',
  timeoutSeconds: 20,
  maxRetries: 0,
  outputLimitKb: 256,
  policy: connectionPolicy('topic_fields', 'topic'),
  examples: [
    {
      profile_id: 'sandbox.kafka',
      topic: 'sandbox.events',
      key: 'order-1',
      value: '{"status":"new"}',
    },
  ],
})
export class KafkaProduceTool implements ToolHandler {
  constructor(
    private readonly profiles: ConnectionProfiles,
    private readonly leases: ConnectionLeases,
  ) {}

  async execute({ session, args, signal }: ToolContext): Promise<ToolResult> {
    const { profile, topic } = kafkaProfile(this.profiles, session.metadata, args);
    assertWritable(profile);
    const partition = readInteger(args, 'partition', 0, 0, Number.MAX_SAFE_INTEGER);
    const key = decodePayload(
      readString(args, 'key'),
      readString(args, 'key_encoding', 'utf8'),
      'key',
    );
    const value = decodePayload(
      readString(args, 'value'),
      readString(args, 'value_encoding', 'utf8'),
      'value',
    );
    assertPayloadSize(
      Buffer.concat([key, value]),
      readInteger(args, 'max_bytes', 1_048_576, 1, 1_048_576),
      'key plus value',
    );
    const endpoint = this.profiles.endpointFor(profile, 'kafka');
    const timeoutMs = readTimeoutMs(args, 2000);
    const offset = await runWithKafka(
      this.leases,
      { clientId: 'workspace-tool-kafka-produce', endpoint, timeoutMs, signal },
      // A governed write never creates a topic as a side effect.
      (kafka): Producer => kafka.producer({ allowAutoTopicCreation: false, idempotent: false }),
      async (producer, deadline) => {
        const sent = producer.send({
          topic,
          acks: 1,
          timeout: deadline.remainingMs(),
          messages: [{ partition, key: key.length > 0 ? key : null, value }],
        });
        const [metadata] = await withinBudget(sent, deadline.remainingMs()).catch(
          (error: unknown) => {
            throw mapTopicError(error);
          },
        );
        return metadata?.baseOffset ?? metadata?.offset;
      },
    );
    const assigned = offset === undefined ? Number.NaN : Number(offset);
    return {
      output: {
        profile_id: profile.id,
        topic,
        partition,
        key_bytes: key.length,
        value_bytes: value.length,
        produced: true,
        // Omitted when the broker did not report one (CATALOG.md 1.6: omit rather than null).
        ...(Number.isSafeInteger(assigned) && assigned >= 0 ? { offset: assigned } : {}),
      },
    };
  }
}
