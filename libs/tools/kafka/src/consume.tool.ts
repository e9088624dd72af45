import { Type } from '@sinclair/typebox';
import {
  BudgetExpired,
  ByteBudget,
  ConnectionLeases,
  ConnectionProfiles,
  connectionPolicy,
  MaxBytesArg,
  ProfileIdArg,
  TimeoutMsArg,
  withinBudget,
} from '#app/connections';
import type { JsonObject } from '#app/contracts';
import { AppException } from '#app/errors';
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
import { brokerList, kafkaProfile } from './kafka-args.js';
import { runWithKafka } from './kafka-connection.js';
import { isOffsetOutOfRange, mapTopicError } from './kafka-errors.js';
import { type KafkaRecord, KafkaPartitionReader } from './kafka-partition-reader.js';
import { type OffsetMode, resolveStartPosition } from './offset-mode.js';

// One Fetch waits at most this long for data, so cancellation and the deadline are seen promptly.
const MAX_FETCH_WAIT_MS = 500;

const KafkaConsumeArgs = ToolArgs({
  profile_id: ProfileIdArg,
  topic: Type.String({ description: 'Topic; must match the profile topics' }),
  partition: Defaulted(Type.Integer({ description: 'Partition to read', minimum: 0, default: 0 })),
  offset_mode: Type.Optional(
    Type.Unsafe<OffsetMode>({
      type: 'string',
      description: 'Start position (derived from offset/timestamp_ms when absent)',
      enum: ['earliest', 'latest', 'absolute', 'timestamp'],
    }),
  ),
  offset: Type.Optional(
    Type.Unsafe<number | string>({
      description: 'Absolute offset, or earliest/latest',
      oneOf: [Type.Integer({ minimum: 0 }), Type.String({ pattern: '^(earliest|latest|[0-9]+)$' })],
    }),
  ),
  timestamp_ms: Type.Optional(
    Type.Integer({
      description: 'Start at the first record with a timestamp at or after this (ms)',
      minimum: 0,
    }),
  ),
  max_messages: Defaulted(
    Type.Integer({
      description: 'Stop after this many records',
      minimum: 1,
      maximum: 200,
      default: 20,
    }),
  ),
  max_bytes: MaxBytesArg('Byte budget shared by all keys and values', 262_144),
  timeout_ms: TimeoutMsArg(2000),
});

@Tool({
  name: 'kafka.consume',
  description:
    'Read up to max_messages records of one Kafka topic partition without a consumer group or offset commits.',
  inputSchema: KafkaConsumeArgs,
  outputSchema: ToolOutput({
    profile_id: Type.String(),
    topic: Type.String(),
    partition: Type.Integer(),
    offset_mode: Type.String(),
    offset: Type.Integer(),
    timestamp_ms: Type.Integer(),
    messages: OpaqueArray(),
    message_count: Type.Integer(),
    total_bytes: Type.Integer(),
    truncated: Type.Boolean(),
  }),
  scope: 'external',
  sideEffects: 'none',
  riskLevel: 'medium',
  requiresApproval: false,
  idempotency: 'best-effort',
  timeoutSeconds: 30,
  maxRetries: 0,
  outputLimitKb: 2048,
  policy: connectionPolicy('topic_fields', 'topic'),
  examples: [
    { profile_id: 'dev.kafka', topic: 'dev.orders', offset_mode: 'earliest', max_messages: 10 },
  ],
})
export class KafkaConsumeTool implements ToolHandler<typeof KafkaConsumeArgs> {
  constructor(
    private readonly profiles: ConnectionProfiles,
    private readonly leases: ConnectionLeases,
  ) {}

  async execute({
    session,
    args,
    signal,
  }: ToolContext<typeof KafkaConsumeArgs>): Promise<ToolResult> {
    const { profile, topic } = kafkaProfile(this.profiles, session.metadata, args);
    const start = resolveStartPosition(args);
    // The schema has no maximum for partition; the handler has always capped it to a safe integer.
    const partition = Math.min(args.partition, Number.MAX_SAFE_INTEGER);
    const maxMessages = args.max_messages;
    const maxBytes = args.max_bytes;
    const budget = new ByteBudget(maxBytes);
    const timeoutMs = args.timeout_ms;
    const endpoint = this.profiles.endpointFor(profile, 'kafka');
    const messages: JsonObject[] = [];
    await runWithKafka(
      this.leases,
      { clientId: 'workspace-tool-kafka-consume', endpoint, timeoutMs, signal },
      (kafka) =>
        new KafkaPartitionReader(
          kafka,
          brokerList(endpoint),
          'workspace-tool-kafka-consume',
          timeoutMs,
          timeoutMs,
        ),
      async (reader, deadline) => {
        const known = await withinBudget(
          reader.hasPartition(topic, partition),
          deadline.remainingMs(),
        ).catch((error: unknown) => {
          throw mapTopicError(error);
        });
        if (!known) {
          throw new AppException('not_found', 'partition not found');
        }
        let next = await withinBudget(
          reader.startOffset(topic, partition, start),
          deadline.remainingMs(),
        );
        // The timeout ends the batch normally (CATALOG.md 12).
        while (
          messages.length < maxMessages &&
          !budget.truncated &&
          !deadline.expired() &&
          !signal.aborted
        ) {
          const wait = Math.min(MAX_FETCH_WAIT_MS, deadline.remainingMs());
          let records: KafkaRecord[];
          try {
            // The request itself may take a little longer than its wait; the budget still bounds it.
            records = await withinBudget(
              reader.fetch(topic, partition, next, wait, maxBytes),
              deadline.remainingMs(),
            );
          } catch (error) {
            if (isOffsetOutOfRange(error)) {
              throw new AppException(
                'invalid_argument',
                `offset ${next} is out of range for partition ${partition}`,
              );
            }
            // The client's own request timer can fire just before the budget's on a loaded host:
            // once the budget is spent, either one ends the batch normally.
            if (error instanceof BudgetExpired || deadline.expired()) {
              break;
            }
            throw error;
          }
          for (const record of records) {
            if (messages.length >= maxMessages || budget.truncated) {
              break;
            }
            const described = describe(record, partition, budget);
            if (described === undefined) {
              break;
            }
            messages.push(described);
            next = record.offset + 1n;
          }
        }
      },
    );
    return {
      output: {
        profile_id: profile.id,
        topic,
        partition,
        offset_mode: start.mode,
        ...(start.mode === 'absolute' ? { offset: Number(start.offset) } : {}),
        ...(start.mode === 'timestamp' ? { timestamp_ms: start.timestampMs } : {}),
        messages,
        message_count: messages.length,
        total_bytes: budget.usedBytes,
        truncated: budget.truncated,
      },
    };
  }
}

// Key and value share the byte budget; a record with nothing left for it is dropped.
function describe(
  record: KafkaRecord,
  partition: number,
  budget: ByteBudget,
): JsonObject | undefined {
  if (budget.exhausted) {
    budget.take(record.key.length > 0 ? record.key : record.value);
    return undefined;
  }
  const key =
    record.key.length > 0 ? budget.take(record.key) : { data: record.key, trimmed: false };
  const value =
    record.value.length > 0 ? budget.take(record.value) : { data: record.value, trimmed: false };
  return {
    partition,
    offset: Number(record.offset),
    timestamp_unix: Math.floor(record.timestampMs / 1000),
    key_base64: (key?.data ?? Buffer.alloc(0)).toString('base64'),
    value_base64: (value?.data ?? Buffer.alloc(0)).toString('base64'),
    size_bytes: record.key.length + record.value.length,
    key_trimmed: key?.trimmed ?? false,
    value_trimmed: value === undefined ? record.value.length > 0 : value.trimmed,
  };
}
