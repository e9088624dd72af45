import { Kafka, logLevel } from 'kafkajs';
import { runConnectionTool, failureOf, uniqueName } from '#app/connections/testing';
import type { JsonObject } from '#app/contracts';
import { KafkaMockCluster, kafkaProfiles } from '#app/tools/kafka/testing';
import { KafkaConsumeTool } from './consume.tool.js';

const cluster = await KafkaMockCluster.start();

(cluster ? describe : describe.skip)('KafkaConsumeTool (librdkafka mock cluster via kcat)', () => {
  const bootstrap = cluster?.bootstrap ?? '';
  const topic = uniqueName('wes-test');
  const { profiles, leases, metadata } = kafkaProfiles(bootstrap, ['wes-test.*']);
  const tool = new KafkaConsumeTool(profiles, leases);
  const kafka = new Kafka({
    clientId: 'test-arrange',
    brokers: [bootstrap],
    logLevel: logLevel.NOTHING,
  });
  const producer = kafka.producer();

  const consume = (args: JsonObject): Promise<JsonObject> =>
    runConnectionTool(tool, { profile_id: 'ro.kafka', topic, ...args }, { metadata }).then(
      (result) => result.output as JsonObject,
    );
  const text = (base64: unknown): string => Buffer.from(String(base64), 'base64').toString('utf8');

  beforeAll(async () => {
    await producer.connect();
    await producer.send({
      topic,
      acks: 1,
      messages: [
        { partition: 0, key: 'k1', value: 'first', timestamp: '1700000000000' },
        { partition: 0, key: null, value: 'second' },
        { partition: 0, key: 'k3', value: 'third' },
      ],
    });
  });

  afterAll(async () => {
    await producer.disconnect();
    await cluster?.stop();
  });

  it('should read a partition from the earliest offset with keys, values and timestamps', async () => {
    const output = await consume({ offset_mode: 'earliest', max_messages: 10, timeout_ms: 3000 });
    expect(output).toMatchObject({
      profile_id: 'ro.kafka',
      topic,
      partition: 0,
      offset_mode: 'earliest',
      message_count: 3,
      total_bytes: 20,
      truncated: false,
    });
    const messages = output['messages'] as JsonObject[];
    expect(messages[0]).toEqual({
      partition: 0,
      offset: 0,
      timestamp_unix: 1_700_000_000,
      key_base64: Buffer.from('k1').toString('base64'),
      value_base64: Buffer.from('first').toString('base64'),
      size_bytes: 7,
      key_trimmed: false,
      value_trimmed: false,
    });
    expect(messages.map((message) => text(message['value_base64']))).toEqual([
      'first',
      'second',
      'third',
    ]);
    expect(messages[1]).toMatchObject({ key_base64: '', size_bytes: 6 });
  });

  it('should start at an absolute offset inside a record batch and echo the offset', async () => {
    const output = await consume({ offset: '1', max_messages: 2, timeout_ms: 5000 });
    expect(output).toMatchObject({ offset_mode: 'absolute', offset: 1, message_count: 2 });
    expect((output['messages'] as JsonObject[]).map((message) => message['offset'])).toEqual([
      1, 2,
    ]);
  });

  it('should stop at max_messages and cut keys and values to the shared byte budget', async () => {
    expect(await consume({ offset: 'earliest', max_messages: 2, timeout_ms: 5000 })).toMatchObject({
      message_count: 2,
      truncated: false,
    });
    const output = await consume({ offset: 'earliest', max_bytes: 5, timeout_ms: 5000 });
    expect(output).toMatchObject({ message_count: 1, total_bytes: 5, truncated: true });
    expect((output['messages'] as JsonObject[])[0]).toMatchObject({
      key_base64: Buffer.from('k1').toString('base64'),
      value_base64: Buffer.from('fir').toString('base64'),
      key_trimmed: false,
      value_trimmed: true,
      size_bytes: 7,
    });
  });

  it('should see only records produced during the wait when reading from latest, and end at the timeout', async () => {
    // Sent well after the consumer has taken its position; max_messages ends the call on arrival,
    // so the long timeout only bounds a loaded machine.
    const later = new Promise((resolve) => setTimeout(resolve, 1000)).then(() =>
      producer.send({ topic, acks: 1, messages: [{ partition: 0, value: 'live' }] }),
    );
    const output = await consume({ max_messages: 1, timeout_ms: 10_000 });
    await later;
    expect(output).toMatchObject({ offset_mode: 'latest', message_count: 1 });
    expect(text((output['messages'] as JsonObject[])[0]?.['value_base64'])).toBe('live');
    expect(await consume({ timeout_ms: 300 })).toMatchObject({
      message_count: 0,
      truncated: false,
    });
  });

  it('should start at the end when no record is at or after timestamp_ms', async () => {
    const output = await consume({ timestamp_ms: Date.now() + 3_600_000, timeout_ms: 300 });
    expect(output).toMatchObject({ offset_mode: 'timestamp', message_count: 0 });
    expect(typeof output['timestamp_ms']).toBe('number');
  });

  it('should never create a consumer group or commit offsets', async () => {
    const fetches = cluster?.requestCount('Fetch') ?? 0;
    await consume({ offset: 'earliest', timeout_ms: 300 });
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(cluster?.requestCount('Fetch')).toBeGreaterThan(fetches);
    for (const api of ['FindCoordinator', 'JoinGroup', 'SyncGroup', 'OffsetCommit']) {
      expect(cluster?.requestCount(api)).toBe(0);
    }
  });

  it('should refuse an absolute offset past the end, a missing partition, a topic outside the scope and a contradiction', async () => {
    expect(await failureOf(consume({ offset: 99, timeout_ms: 5000 }))).toMatchObject({
      code: 'invalid_argument',
    });
    expect(await failureOf(consume({ partition: 99, timeout_ms: 5000 }))).toMatchObject({
      code: 'not_found',
      message: 'partition not found',
    });
    expect(await failureOf(consume({ topic: 'dev.orders' }))).toMatchObject({
      code: 'policy_denied',
      message: 'topic outside profile allowlist',
    });
    expect(await failureOf(consume({ offset_mode: 'absolute' }))).toMatchObject({
      code: 'invalid_argument',
    });
    expect(await failureOf(consume({ profile_id: 'other.kind' }))).toMatchObject({
      code: 'invalid_argument',
      message: 'profile other.kind has kind redis, expected kafka',
    });
    expect(leases.openCount).toBe(0);
  });

  it('should answer execution_failed retryable within the budget when the broker is unreachable', async () => {
    const started = Date.now();
    expect(await failureOf(consume({ profile_id: 'down.kafka', timeout_ms: 500 }))).toMatchObject({
      code: 'execution_failed',
      retryable: true,
    });
    expect(Date.now() - started).toBeLessThan(2000);
    expect(leases.openCount).toBe(0);
  });
});
