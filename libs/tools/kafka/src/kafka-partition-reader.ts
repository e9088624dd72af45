import { createRequire } from 'node:module';
import type { Kafka } from 'kafkajs';
import type { KafkaSession } from './kafka-connection.js';

// kafkajs exposes reading only through consumer groups, and CATALOG.md 12 forbids joining one
// (a fresh group also waits out the broker's initial rebalance delay, ~3 s, longer than the
// default timeout_ms). The reader therefore uses kafkajs' own Cluster and Broker classes —
// metadata, ListOffsets and Fetch with replica id -1, exactly what its consumer sends after the
// group join — and never commits anything. kafkajs is pinned exactly (2.2.4) because these
// modules are internal; the shapes below are the ones this version returns.
const require = createRequire(import.meta.url);

interface InternalPartitionMetadata {
  partitionId: number;
}

interface InternalFetchedMessage {
  offset: string;
  timestamp: string;
  key: Buffer | null;
  value: Buffer | null;
  isControlRecord?: boolean;
}

interface InternalFetchResponse {
  responses: Array<{
    partitions: Array<{ partition: number; messages: InternalFetchedMessage[] }>;
  }>;
}

interface InternalBroker {
  fetch(request: {
    replicaId: number;
    isolationLevel: number;
    maxWaitTime: number;
    minBytes: number;
    maxBytes: number;
    topics: Array<{
      topic: string;
      partitions: Array<{ partition: number; fetchOffset: string; maxBytes: number }>;
    }>;
  }): Promise<InternalFetchResponse>;
}

interface InternalCluster {
  connect(): Promise<void>;
  disconnect(): Promise<void>;
  addTargetTopic(topic: string): Promise<void>;
  findTopicPartitionMetadata(topic: string): InternalPartitionMetadata[];
  findLeaderForPartitions(topic: string, partitions: number[]): Record<string, number[]>;
  findBroker(query: { nodeId: string }): Promise<InternalBroker>;
  fetchTopicsOffset(
    topics: Array<{
      topic: string;
      partitions: Array<{ partition: number }>;
      fromBeginning?: boolean;
      fromTimestamp?: number;
    }>,
  ): Promise<Array<{ topic: string; partitions: Array<{ partition: number; offset: string }> }>>;
}

type ClusterConstructor = new (options: Record<string, unknown>) => InternalCluster;

/** One record as read from the partition. */
export interface KafkaRecord {
  offset: bigint;
  timestampMs: number;
  key: Buffer;
  value: Buffer;
}

/** Where a read starts (CATALOG.md 12 `kafka.consume`). */
export type StartPosition =
  | { mode: 'earliest' | 'latest' }
  | { mode: 'absolute'; offset: bigint }
  | { mode: 'timestamp'; timestampMs: number };

// ReadCommitted: records of aborted transactions are never shown.
const READ_COMMITTED = 1;

/** A group-less reader of one topic partition, opened per call through {@link runWithKafka}. */
export class KafkaPartitionReader implements KafkaSession {
  private readonly cluster: InternalCluster;

  constructor(
    kafka: Kafka,
    brokers: string[],
    clientId: string,
    connectionTimeoutMs: number,
    requestTimeoutMs: number,
  ) {
    const Cluster = require('kafkajs/src/cluster') as ClusterConstructor;
    const socketFactory = require('kafkajs/src/network/socketFactory') as () => unknown;
    this.cluster = new Cluster({
      logger: kafka.logger(),
      socketFactory: socketFactory(),
      brokers,
      clientId,
      connectionTimeout: connectionTimeoutMs,
      requestTimeout: requestTimeoutMs,
      enforceRequestTimeout: true,
      retry: { retries: 1, initialRetryTime: 100, maxRetryTime: 500 },
      allowAutoTopicCreation: false,
      isolationLevel: READ_COMMITTED,
    });
  }

  connect(): Promise<void> {
    return this.cluster.connect();
  }

  disconnect(): Promise<void> {
    return this.cluster.disconnect();
  }

  /** Loads the topic's metadata; false when the partition does not exist. */
  async hasPartition(topic: string, partition: number): Promise<boolean> {
    await this.cluster.addTargetTopic(topic);
    return this.cluster
      .findTopicPartitionMetadata(topic)
      .some((entry) => entry.partitionId === partition);
  }

  /** The first offset to read; a timestamp after the last record resolves to the end. */
  async startOffset(topic: string, partition: number, start: StartPosition): Promise<bigint> {
    if (start.mode === 'absolute') {
      return start.offset;
    }
    const query =
      start.mode === 'timestamp'
        ? { fromTimestamp: start.timestampMs }
        : { fromBeginning: start.mode === 'earliest' };
    const offset = await this.listOffset(topic, partition, query);
    // ListOffsets answers -1 when no record has a timestamp ≥ the query: start at the end.
    return offset >= 0n ? offset : this.listOffset(topic, partition, { fromBeginning: false });
  }

  /** One Fetch of the partition from `offset`, waiting at most `maxWaitMs` for data. */
  async fetch(
    topic: string,
    partition: number,
    offset: bigint,
    maxWaitMs: number,
    maxBytes: number,
  ): Promise<KafkaRecord[]> {
    const leaders = this.cluster.findLeaderForPartitions(topic, [partition]);
    const nodeId = Object.keys(leaders)[0];
    if (nodeId === undefined) {
      throw new Error(`no leader for partition ${partition}`);
    }
    const broker = await this.cluster.findBroker({ nodeId });
    const response = await broker.fetch({
      replicaId: -1,
      isolationLevel: READ_COMMITTED,
      maxWaitTime: maxWaitMs,
      minBytes: 1,
      maxBytes,
      topics: [{ topic, partitions: [{ partition, fetchOffset: offset.toString(), maxBytes }] }],
    });
    const messages = response.responses
      .flatMap((entry) => entry.partitions)
      .flatMap((entry) => entry.messages);
    // A fetch returns whole record batches: records before the requested offset are skipped.
    return messages
      .filter((message) => message.isControlRecord !== true && BigInt(message.offset) >= offset)
      .map((message) => ({
        offset: BigInt(message.offset),
        timestampMs: Number(message.timestamp),
        key: message.key ?? Buffer.alloc(0),
        value: message.value ?? Buffer.alloc(0),
      }));
  }

  private async listOffset(
    topic: string,
    partition: number,
    query: { fromBeginning?: boolean; fromTimestamp?: number },
  ): Promise<bigint> {
    const [result] = await this.cluster.fetchTopicsOffset([
      { topic, partitions: [{ partition }], ...query },
    ]);
    const entry = result?.partitions.find((candidate) => candidate.partition === partition);
    return entry === undefined ? -1n : BigInt(entry.offset);
  }
}
