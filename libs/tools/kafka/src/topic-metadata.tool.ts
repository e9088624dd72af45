import { Type } from '@sinclair/typebox';
import type { Admin } from 'kafkajs';
import {
  ConnectionLeases,
  ConnectionProfiles,
  connectionPolicy,
  ProfileIdArg,
  withinBudget,
} from '#app/connections';
import { AppException } from '#app/errors';
import {
  OpaqueArray,
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

// CATALOG.md 12: 2 s per request; three requests (dial, metadata, cluster) bound the whole call.
const REQUEST_BUDGET_MS = 2000;
const CALL_BUDGET_MS = 3 * REQUEST_BUDGET_MS;

const KafkaTopicMetadataArgs = ToolArgs({
  profile_id: ProfileIdArg,
  topic: Type.String({ description: 'Topic; must match the profile topics' }),
});

@Tool({
  name: 'kafka.topic_metadata',
  description: 'Partitions of a Kafka topic with their leader, replicas and in-sync replicas.',
  inputSchema: KafkaTopicMetadataArgs,
  outputSchema: ToolOutput({
    profile_id: Type.String(),
    topic: Type.String(),
    partition_count: Type.Integer(),
    partitions: OpaqueArray(),
  }),
  scope: 'external',
  sideEffects: 'none',
  riskLevel: 'low',
  requiresApproval: false,
  idempotency: 'guaranteed',
  timeoutSeconds: 20,
  maxRetries: 0,
  outputLimitKb: 512,
  policy: connectionPolicy('topic_fields', 'topic'),
  examples: [{ profile_id: 'dev.kafka', topic: 'dev.orders' }],
})
export class KafkaTopicMetadataTool implements ToolHandler<typeof KafkaTopicMetadataArgs> {
  constructor(
    private readonly profiles: ConnectionProfiles,
    private readonly leases: ConnectionLeases,
  ) {}

  async execute({
    session,
    args,
    signal,
  }: ToolContext<typeof KafkaTopicMetadataArgs>): Promise<ToolResult> {
    const { profile, topic } = kafkaProfile(this.profiles, session.metadata, args);
    const endpoint = this.profiles.endpointFor(profile, 'kafka');
    const partitions = await runWithKafka(
      this.leases,
      {
        clientId: 'workspace-tool-kafka-metadata',
        endpoint,
        timeoutMs: CALL_BUDGET_MS,
        signal,
        requestTimeoutMs: REQUEST_BUDGET_MS,
        firstBrokerOnly: true,
      },
      (kafka): Admin => kafka.admin({ retry: { retries: 0 } }),
      async (admin, deadline) => {
        const metadata = await withinBudget(
          admin.fetchTopicMetadata({ topics: [topic] }),
          deadline.remainingMs(),
        ).catch((error: unknown) => {
          throw mapTopicError(error);
        });
        const found = metadata.topics.find((entry) => entry.name === topic);
        if (found === undefined) {
          throw new AppException('not_found', 'topic not found');
        }
        const cluster = await withinBudget(admin.describeCluster(), deadline.remainingMs());
        const brokers = new Map(cluster.brokers.map((broker) => [broker.nodeId, broker]));
        return [...found.partitions]
          .sort((a, b) => a.partitionId - b.partitionId)
          .map((entry) => {
            const leader = brokers.get(entry.leader);
            return {
              partition: entry.partitionId,
              leader_host: leader?.host ?? '',
              leader_port: leader?.port ?? 0,
              replica_ids: [...entry.replicas],
              isr_ids: [...entry.isr],
              replica_count: entry.replicas.length,
              isr_count: entry.isr.length,
            };
          });
      },
    );
    return {
      output: { profile_id: profile.id, topic, partition_count: partitions.length, partitions },
    };
  }
}
