import { Kafka, logLevel } from 'kafkajs';
import { runConnectionTool, failureOf, uniqueName } from '#app/connections/testing';
import type { JsonObject } from '#app/contracts';
import { KafkaMockCluster, kafkaProfiles } from '#app/tools/kafka/testing';
import { KafkaProduceTool } from './produce.tool.js';

const cluster = await KafkaMockCluster.start();

(cluster ? describe : describe.skip)('KafkaProduceTool (librdkafka mock cluster via kcat)', () => {
  const bootstrap = cluster?.bootstrap ?? '';
  const topic = uniqueName('wes-test');
  const { profiles, leases, metadata } = kafkaProfiles(bootstrap, ['wes-test.*']);
  const tool = new KafkaProduceTool(profiles, leases);
  const admin = new Kafka({
    clientId: 'test-inspect',
    brokers: [bootstrap],
    logLevel: logLevel.NOTHING,
  }).admin();

  const produce = (args: JsonObject): Promise<JsonObject> =>
    runConnectionTool(tool, { profile_id: 'test.kafka', topic, ...args }, { metadata }).then(
      (result) => result.output as JsonObject,
    );

  beforeAll(() => admin.connect());

  afterAll(async () => {
    await admin.disconnect();
    await cluster?.stop();
  });

  it('should write one record to the partition and report the offset the broker assigned', async () => {
    expect(await produce({ key: 'order-1', value: '{"n":1}' })).toEqual({
      profile_id: 'test.kafka',
      topic,
      partition: 0,
      key_bytes: 7,
      value_bytes: 7,
      produced: true,
      offset: 0,
    });
    expect(await produce({ value: 'aGk=', value_encoding: 'base64', partition: 1 })).toMatchObject({
      partition: 1,
      key_bytes: 0,
      value_bytes: 2,
      offset: 0,
    });
    expect(await produce({ value: 'again' })).toMatchObject({ offset: 1 });
    const offsets = await admin.fetchTopicOffsets(topic);
    expect(offsets.find((entry) => entry.partition === 0)?.high).toBe('2');
    expect(offsets.find((entry) => entry.partition === 1)?.high).toBe('1');
    expect(leases.openCount).toBe(0);
  });

  it('should refuse a read-only profile before connecting', async () => {
    const produceRequests = cluster?.requestCount('Produce') ?? 0;
    expect(await failureOf(produce({ profile_id: 'ro.kafka', value: 'x' }))).toEqual({
      code: 'policy_denied',
      message: 'profile is read_only',
      retryable: false,
    });
    expect(cluster?.requestCount('Produce')).toBe(produceRequests);
  });

  it('should refuse a key plus value over max_bytes, invalid base64 and a topic outside the scope', async () => {
    expect(await failureOf(produce({ key: 'ab', value: 'cd', max_bytes: 3 }))).toEqual({
      code: 'invalid_argument',
      message: 'key plus value exceeds max_bytes (3)',
      retryable: false,
    });
    expect(await failureOf(produce({ key: '***', key_encoding: 'base64' }))).toMatchObject({
      code: 'invalid_argument',
      message: 'invalid base64 key',
    });
    expect(await failureOf(produce({ topic: 'sandbox.events' }))).toMatchObject({
      code: 'policy_denied',
      message: 'topic outside profile allowlist',
    });
  });

  it('should answer execution_failed retryable when the broker is unreachable', async () => {
    expect(
      await failureOf(produce({ profile_id: 'down.kafka', value: 'x', timeout_ms: 500 })),
    ).toMatchObject({
      code: 'execution_failed',
      retryable: true,
    });
    expect(leases.openCount).toBe(0);
  });
});
