import { Kafka, logLevel } from 'kafkajs';
import { CallDeadline, type ConnectionLeases } from '#app/connections';
import { brokerList } from './kafka-args.js';

/** What the three tools open: a kafkajs producer, admin client or the partition reader. */
export interface KafkaSession {
  connect(): Promise<void>;
  disconnect(): Promise<void>;
}

export interface KafkaCallOptions {
  clientId: string;
  endpoint: string;
  timeoutMs: number;
  signal: AbortSignal;
  /** Per-request budget; defaults to the remaining call budget. */
  requestTimeoutMs?: number;
  /** Dial only the first broker (topic metadata reads through the first broker). */
  firstBrokerOnly?: boolean;
}

/**
 * A fresh kafkajs client per call (CATALOG.md 12), dial timeout = the call budget. Retries are
 * short and few: the call deadline bounds everything, and kafkajs' own logging is silenced so no
 * broker address or frame reaches the service log.
 */
export function runWithKafka<S extends KafkaSession, R>(
  leases: ConnectionLeases,
  options: KafkaCallOptions,
  create: (kafka: Kafka) => S,
  work: (session: S, deadline: CallDeadline) => Promise<R>,
): Promise<R> {
  const deadline = new CallDeadline(options.timeoutMs);
  const brokers = brokerList(options.endpoint);
  return leases.run(
    {
      kind: 'kafka',
      endpoint: options.endpoint,
      deadline,
      signal: options.signal,
      open: async (budgetMs) => {
        const kafka = new Kafka({
          clientId: options.clientId,
          brokers: options.firstBrokerOnly === true ? brokers.slice(0, 1) : brokers,
          connectionTimeout: budgetMs,
          requestTimeout: options.requestTimeoutMs ?? budgetMs,
          enforceRequestTimeout: true,
          retry: { retries: 1, initialRetryTime: 100, maxRetryTime: 500 },
          logLevel: logLevel.NOTHING,
        });
        const session = create(kafka);
        await session.connect();
        return session;
      },
      close: (session) => session.disconnect(),
    },
    (session) => work(session, deadline),
  );
}
