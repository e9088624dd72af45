import { Type } from '@sinclair/typebox';
import type { Producer } from 'kafkajs';
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
import {
  Defaulted,
  Tool,
  ToolArgs,
  ToolOutput,
  type ToolContext,
  type ToolHandler,
  type ToolResult,
} from '#app/tool-registry';
import { kafkaProfile } from './kafka-args.js';
import { runWithKafka } from './kafka-connection.js';
import { mapTopicError } from './kafka-errors.js';

const KafkaProduceArgs = ToolArgs({
  profile_id: ProfileIdArg,
  topic: Type.String({ description: 'Topic; must match the profile topics' }),
  partition: Defaulted(Type.Integer({ description: 'Partition to write', minimum: 0, default: 0 })),
  key: Defaulted(
    Type.String({
      description: 'Record key, encoded as key_encoding says (empty = no key)',
      default: '',
    }),
  ),
  key_encoding: Defaulted(
    Type.Unsafe<'utf8' | 'base64'>({
      type: 'string',
      description: 'Encoding of key',
      enum: ['utf8', 'base64'],
      default: 'utf8',
    }),
  ),
  value: Defaulted(
    Type.String({ description: 'Record value, encoded as value_encoding says', default: '' }),
  ),
  value_encoding: Defaulted(
    Type.Unsafe<'utf8' | 'base64'>({
      type: 'string',
      description: 'Encoding of value',
      enum: ['utf8', 'base64'],
      default: 'utf8',
    }),
  ),
  timeout_ms: TimeoutMsArg(2000),
  max_bytes: MaxBytesArg('Refuse a decoded key plus value larger than this', 1_048_576),
});

@Tool({
  name: 'kafka.produce',
  description:
    'Write one record to a Kafka topic partition (leader acknowledgement) through a writable connection profile.',
  inputSchema: KafkaProduceArgs,
  outputSchema: ToolOutput({
    profile_id: Type.String(),
    topic: Type.String(),
    partition: Type.Integer(),
    key_bytes: Type.Integer(),
    value_bytes: Type.Integer(),
    produced: Type.Boolean(),
    offset: Type.Integer(),
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
export class KafkaProduceTool implements ToolHandler<typeof KafkaProduceArgs> {
  constructor(
    private readonly profiles: ConnectionProfiles,
    private readonly leases: ConnectionLeases,
  ) {}

  async execute({
    session,
    args,
    signal,
  }: ToolContext<typeof KafkaProduceArgs>): Promise<ToolResult> {
    const { profile, topic } = kafkaProfile(this.profiles, session.metadata, args);
    assertWritable(profile);
    // The schema has no maximum for partition; the handler has always capped it to a safe integer.
    const partition = Math.min(args.partition, Number.MAX_SAFE_INTEGER);
    const key = decodePayload(args.key, args.key_encoding, 'key');
    const value = decodePayload(args.value, args.value_encoding, 'value');
    assertPayloadSize(Buffer.concat([key, value]), args.max_bytes, 'key plus value');
    const endpoint = this.profiles.endpointFor(profile, 'kafka');
    const timeoutMs = args.timeout_ms;
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
