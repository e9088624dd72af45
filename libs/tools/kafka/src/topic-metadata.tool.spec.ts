import { Kafka, logLevel } from 'kafkajs';
import { runConnectionTool, failureOf, uniqueName } from '#app/connections/testing';
import { KafkaMockCluster, kafkaProfiles } from '#app/tools/kafka/testing';
import { KafkaTopicMetadataTool } from './topic-metadata.tool.js';

const cluster = await KafkaMockCluster.start();

(cluster ? describe : describe.skip)(
  'KafkaTopicMetadataTool (librdkafka mock cluster via kcat)',
  () => {
    const bootstrap = cluster?.bootstrap ?? '';
    const topic = uniqueName('wes-test');
    const { profiles, leases, metadata } = kafkaProfiles(bootstrap, ['wes-test.*']);
    const tool = new KafkaTopicMetadataTool(profiles, leases);

    beforeAll(async () => {
      // Topics cannot be created through the admin API on the mock; the first produce creates it.
      const producer = new Kafka({
        clientId: 'test-arrange',
        brokers: [bootstrap],
        logLevel: logLevel.NOTHING,
      }).producer();
      await producer.connect();
      await producer.send({ topic, acks: 1, messages: [{ value: 'x' }] });
      await producer.disconnect();
    });

    afterAll(() => cluster?.stop());

    it('should list the partitions sorted with their leader address, replicas and in-sync replicas', async () => {
      const [host, port] = bootstrap.split(':');
      const result = await runConnectionTool(tool, { profile_id: 'ro.kafka', topic }, { metadata });
      const output = result.output as {
        partition_count: number;
        partitions: Array<Record<string, unknown>>;
      };
      // The mock creates 4 partitions per topic, on its single broker (id 1).
      expect(output.partition_count).toBe(4);
      expect(output.partitions.map((entry) => entry['partition'])).toEqual([0, 1, 2, 3]);
      expect(output.partitions[0]).toEqual({
        partition: 0,
        leader_host: host,
        leader_port: Number(port),
        replica_ids: [1],
        isr_ids: [1],
        replica_count: 1,
        isr_count: 1,
      });
      expect(leases.openCount).toBe(0);
    });

    it('should refuse a topic outside the profile scope and a profile that is not visible', async () => {
      expect(
        await failureOf(
          runConnectionTool(tool, { profile_id: 'ro.kafka', topic: 'dev.orders' }, { metadata }),
        ),
      ).toMatchObject({
        code: 'policy_denied',
        message: 'topic outside profile allowlist',
      });
      expect(
        await failureOf(runConnectionTool(tool, { profile_id: 'nope', topic }, { metadata })),
      ).toMatchObject({
        code: 'not_found',
        message: 'connection profile not found: nope',
      });
    });

    it('should answer execution_failed retryable when the first broker is unreachable', async () => {
      expect(
        await failureOf(runConnectionTool(tool, { profile_id: 'down.kafka', topic }, { metadata })),
      ).toMatchObject({
        code: 'execution_failed',
        retryable: true,
      });
    });
  },
);
