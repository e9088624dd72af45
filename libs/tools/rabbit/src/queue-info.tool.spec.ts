import type { Channel, ChannelModel } from 'amqplib';
import {
  runConnectionTool,
  failureOf,
  LOCAL_SERVICES,
  localProfiles,
  uniqueName,
} from '#app/connections/testing';
import { requireService } from '#app/testing';
import { RabbitQueueInfoTool } from './queue-info.tool.js';
import { openTestBroker } from './testing/rabbit-broker.fixture.js';

const rabbitUp = await requireService(
  'RabbitMQ',
  LOCAL_SERVICES.rabbitmq.host,
  LOCAL_SERVICES.rabbitmq.port,
);

(rabbitUp ? describe : describe.skip)('RabbitQueueInfoTool (real RabbitMQ)', () => {
  const queue = uniqueName('wes-test');
  const { profiles, leases, metadata } = localProfiles('rabbitmq', { queues: ['wes-test.*'] });
  const tool = new RabbitQueueInfoTool(profiles, leases);
  let connection: ChannelModel;
  let channel: Channel;

  beforeAll(async () => {
    ({ connection, channel } = await openTestBroker());
    await channel.assertQueue(queue, { durable: false });
    channel.sendToQueue(queue, Buffer.from('a'));
    channel.sendToQueue(queue, Buffer.from('b'));
  });

  afterAll(async () => {
    await channel.deleteQueue(queue);
    await connection.close();
  });

  it('should report the ready message and consumer counts', async () => {
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(
      (await runConnectionTool(tool, { profile_id: 'ro.rabbitmq', queue }, { metadata })).output,
    ).toEqual({
      profile_id: 'ro.rabbitmq',
      queue,
      messages: 2,
      consumers: 0,
    });
  });

  it('should answer not_found when the queue does not exist', async () => {
    expect(
      await failureOf(
        runConnectionTool(
          tool,
          { profile_id: 'test.rabbitmq', queue: `${queue}-gone` },
          { metadata },
        ),
      ),
    ).toEqual({
      code: 'not_found',
      message: 'queue not found',
      retryable: false,
    });
  });

  it('should refuse a queue outside the profile scope', async () => {
    expect(
      (
        await failureOf(
          runConnectionTool(
            tool,
            { profile_id: 'test.rabbitmq', queue: 'prod.jobs' },
            { metadata },
          ),
        )
      ).message,
    ).toBe('queue outside profile allowlist');
  });

  it('should answer execution_failed retryable without credentials when the broker is unreachable', async () => {
    const started = Date.now();
    const failure = await failureOf(
      runConnectionTool(
        tool,
        { profile_id: 'down.rabbitmq', queue, timeout_ms: 3000 },
        { metadata },
      ),
    );
    expect(failure).toMatchObject({ code: 'execution_failed', retryable: true });
    expect(failure.message).toMatch(/^rabbitmq connection failed/);
    expect(failure.message).not.toContain('guest:guest');
    expect(Date.now() - started).toBeLessThan(3000);
  });
});
