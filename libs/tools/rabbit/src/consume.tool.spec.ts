import type { Channel, ChannelModel } from 'amqplib';
import {
  runConnectionTool,
  failureOf,
  LOCAL_SERVICES,
  localProfiles,
  uniqueName,
} from '#app/connections/testing';
import type { JsonObject } from '#app/contracts';
import { requireService } from '#app/testing';
import { RabbitConsumeTool } from './consume.tool.js';
import { openTestBroker } from './testing/rabbit-broker.fixture.js';

const rabbitUp = await requireService(
  'RabbitMQ',
  LOCAL_SERVICES.rabbitmq.host,
  LOCAL_SERVICES.rabbitmq.port,
);

(rabbitUp ? describe : describe.skip)('RabbitConsumeTool (real RabbitMQ)', () => {
  const queue = uniqueName('wes-test');
  const { profiles, leases, metadata } = localProfiles('rabbitmq', { queues: ['wes-test.*'] });
  const tool = new RabbitConsumeTool(profiles, leases);
  let connection: ChannelModel;
  let channel: Channel;

  const peek = (args: JsonObject): Promise<JsonObject> =>
    runConnectionTool(tool, { profile_id: 'ro.rabbitmq', queue, ...args }, { metadata }).then(
      (result) => result.output as JsonObject,
    );

  beforeAll(async () => {
    ({ connection, channel } = await openTestBroker());
    await channel.assertQueue(queue, { durable: false });
    for (const body of ['first', 'second', 'third']) {
      channel.sendToQueue(queue, Buffer.from(body), { timestamp: 1_700_000_000 });
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  });

  afterAll(async () => {
    await channel.deleteQueue(queue);
    await connection.close();
  });

  it('should peek at the messages and requeue them so the queue is unchanged', async () => {
    const output = await peek({ max_messages: 5, timeout_ms: 500 });
    expect(output).toMatchObject({
      message_count: 3,
      total_bytes: 16,
      truncated: false,
      requeued: true,
    });
    expect((output['messages'] as JsonObject[])[0]).toEqual({
      exchange: '',
      routing_key: queue,
      redelivered: false,
      timestamp_unix: 1_700_000_000,
      body_base64: Buffer.from('first').toString('base64'),
      size_bytes: 5,
      body_trimmed: false,
    });
    expect((await channel.checkQueue(queue)).messageCount).toBe(3);
  });

  it('should see requeued messages as redelivered and honour max_messages and the byte budget', async () => {
    const output = await peek({ max_messages: 2, max_bytes: 7 });
    expect(output).toMatchObject({ message_count: 2, total_bytes: 7, truncated: true });
    const messages = output['messages'] as JsonObject[];
    expect(messages[0]).toMatchObject({ redelivered: true, body_trimmed: false });
    expect(messages[1]).toMatchObject({
      body_base64: Buffer.from('se').toString('base64'),
      body_trimmed: true,
    });
    expect((await channel.checkQueue(queue)).messageCount).toBe(3);
  });

  it('should end the batch normally at the timeout on an empty queue', async () => {
    const empty = `${queue}-empty`;
    await channel.assertQueue(empty, { durable: false });
    try {
      const started = Date.now();
      expect(await peek({ queue: empty, timeout_ms: 300 })).toMatchObject({
        message_count: 0,
        requeued: false,
      });
      expect(Date.now() - started).toBeLessThan(2000);
    } finally {
      await channel.deleteQueue(empty);
    }
  });

  it('should answer not_found for a missing queue', async () => {
    expect(await failureOf(peek({ queue: `${queue}-gone` }))).toMatchObject({
      code: 'not_found',
      message: 'queue not found',
    });
    expect(leases.openCount).toBe(0);
  });

  it('should refuse an empty queue name and a queue outside allowed_rabbit_queues before connecting', async () => {
    const empty = failureOf(
      runConnectionTool(tool, { profile_id: 'ro.rabbitmq', queue: '' }, { metadata }),
    );
    expect(await empty).toMatchObject({ code: 'invalid_argument', message: 'invalid queue name' });
    const narrowed = { ...metadata, allowed_rabbit_queues: 'team.' };
    const outside = failureOf(
      runConnectionTool(tool, { profile_id: 'ro.rabbitmq', queue }, { metadata: narrowed }),
    );
    expect(await outside).toMatchObject({ code: 'policy_denied', message: 'queue not allowed' });
    expect(leases.openCount).toBe(0);
  });
});
