import type { Channel, ChannelModel } from 'amqplib';
import { connectionContext, failureOf, LOCAL_SERVICES, localProfiles, uniqueName } from '#app/connections/testing';
import { requireService } from '#app/testing';
import { RabbitPublishTool } from './publish.tool.js';
import { openTestBroker } from './testing/rabbit-broker.fixture.js';

const rabbitUp = await requireService('RabbitMQ', LOCAL_SERVICES.rabbitmq.host, LOCAL_SERVICES.rabbitmq.port);

(rabbitUp ? describe : describe.skip)('RabbitPublishTool (real RabbitMQ)', () => {
  const queue = uniqueName('wes-test');
  const { profiles, leases, metadata } = localProfiles('rabbitmq', { queues: ['wes-test.*'] });
  const tool = new RabbitPublishTool(profiles, leases);
  let connection: ChannelModel;
  let channel: Channel;

  beforeAll(async () => {
    ({ connection, channel } = await openTestBroker());
    await channel.assertQueue(queue, { durable: false });
  });

  afterAll(async () => {
    await channel.deleteQueue(queue);
    await connection.close();
  });

  it('should publish a confirmed message with an octet-stream content type and a timestamp', async () => {
    const result = await tool.execute(connectionContext({ profile_id: 'test.rabbitmq', queue, payload: 'hello' }, { metadata }));
    expect(result.output).toEqual({ profile_id: 'test.rabbitmq', queue, exchange: '', routing_key: queue, payload_bytes: 5, published: true });
    const message = await channel.get(queue, { noAck: true });
    expect(message && message.content.toString()).toBe('hello');
    expect(message && message.properties.contentType).toBe('application/octet-stream');
    expect(message && typeof message.properties.timestamp).toBe('number');
  });

  it('should refuse a read-only profile, an oversized payload and a queue outside the scope', async () => {
    expect((await failureOf(tool.execute(connectionContext({ profile_id: 'ro.rabbitmq', queue }, { metadata })))).message).toBe(
      'profile is read_only',
    );
    expect(await failureOf(tool.execute(connectionContext({ profile_id: 'test.rabbitmq', queue, payload: 'toolong', max_bytes: 3 }, { metadata })))).toMatchObject({
      code: 'invalid_argument',
      message: 'payload exceeds max_bytes (3)',
    });
    expect((await failureOf(tool.execute(connectionContext({ profile_id: 'test.rabbitmq', queue: 'dev.jobs' }, { metadata })))).code).toBe(
      'policy_denied',
    );
  });

  it('should answer execution_failed retryable when the exchange does not exist', async () => {
    const failure = await failureOf(
      tool.execute(connectionContext({ profile_id: 'test.rabbitmq', queue, exchange: `${queue}-no-exchange` }, { metadata })),
    );
    expect(failure).toMatchObject({ code: 'execution_failed', retryable: true });
    expect(leases.openCount).toBe(0);
  });
});
