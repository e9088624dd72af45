import type { Channel, ChannelModel } from 'amqplib';
import {
  runConnectionTool,
  failureOf,
  LOCAL_SERVICES,
  localProfiles,
  uniqueName,
} from '#app/connections/testing';
import { requireService } from '#app/testing';
import { RabbitPublishTool } from './publish.tool.js';
import { openTestBroker } from './testing/rabbit-broker.fixture.js';

const rabbitUp = await requireService(
  'RabbitMQ',
  LOCAL_SERVICES.rabbitmq.host,
  LOCAL_SERVICES.rabbitmq.port,
);

(rabbitUp ? describe : describe.skip)('RabbitPublishTool (real RabbitMQ)', () => {
  const queue = uniqueName('wes-test');
  const { profiles, leases, metadata } = localProfiles('rabbitmq', {
    queues: ['wes-test.*'],
    exchanges: ['wes-test.*'],
  });
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
    const result = await runConnectionTool(
      tool,
      { profile_id: 'test.rabbitmq', queue, payload: 'hello' },
      { metadata },
    );
    expect(result.output).toEqual({
      profile_id: 'test.rabbitmq',
      queue,
      exchange: '',
      routing_key: queue,
      payload_bytes: 5,
      published: true,
    });
    const message = await channel.get(queue, { noAck: true });
    expect(message && message.content.toString()).toBe('hello');
    expect(message && message.properties.contentType).toBe('application/octet-stream');
    expect(message && typeof message.properties.timestamp).toBe('number');
  });

  it('should refuse a read-only profile, an oversized payload and a queue outside the scope', async () => {
    expect(
      (await failureOf(runConnectionTool(tool, { profile_id: 'ro.rabbitmq', queue }, { metadata })))
        .message,
    ).toBe('profile is read_only');
    expect(
      await failureOf(
        runConnectionTool(
          tool,
          { profile_id: 'test.rabbitmq', queue, payload: 'toolong', max_bytes: 3 },
          { metadata },
        ),
      ),
    ).toMatchObject({
      code: 'invalid_argument',
      message: 'payload exceeds max_bytes (3)',
    });
    expect(
      (
        await failureOf(
          runConnectionTool(tool, { profile_id: 'test.rabbitmq', queue: 'dev.jobs' }, { metadata }),
        )
      ).code,
    ).toBe('policy_denied');
  });

  it('should answer execution_failed retryable when the exchange does not exist', async () => {
    const failure = await failureOf(
      runConnectionTool(
        tool,
        { profile_id: 'test.rabbitmq', queue, exchange: `${queue}-no-exchange` },
        { metadata },
      ),
    );
    expect(failure).toMatchObject({ code: 'execution_failed', retryable: true });
    expect(leases.openCount).toBe(0);
  });

  describe('routing governance (where the message goes)', () => {
    // A queue outside every allowlist, reachable through the default exchange, amq.direct, a
    // named exchange bound to it and an exchange-to-exchange binding.
    const secret = uniqueName('rt.secret');
    const fanout = `${queue}-fanout`;
    const outside = uniqueName('other');

    beforeAll(async () => {
      await channel.assertQueue(secret, { durable: false });
      await channel.bindQueue(secret, 'amq.direct', secret);
      await channel.assertExchange(fanout, 'fanout', { durable: false, autoDelete: false });
      await channel.assertExchange(outside, 'fanout', { durable: false, autoDelete: false });
      await channel.bindQueue(secret, outside, '');
      await channel.bindExchange(outside, fanout, '');
    });

    afterAll(async () => {
      await channel.deleteExchange(fanout);
      await channel.deleteExchange(outside);
      await channel.deleteQueue(secret);
    });

    const publish = (args: Record<string, string>, extra: Record<string, string> = {}) =>
      runConnectionTool(
        tool,
        { profile_id: 'test.rabbitmq', queue, payload: 'leak', ...args },
        { metadata: { ...metadata, ...extra } },
      );

    async function secretCount(): Promise<number> {
      return (await channel.checkQueue(secret)).messageCount;
    }

    it.each([
      [
        { routing_key: secret },
        'invalid_argument',
        'routing_key must equal queue on the default exchange',
      ],
      [
        { exchange: 'amq.default', routing_key: secret },
        'invalid_argument',
        'routing_key must equal queue on the default exchange',
      ],
      [
        { exchange: 'amq.direct', routing_key: secret },
        'policy_denied',
        'exchange outside profile allowlist',
      ],
      [
        { exchange: 'amq.topic', routing_key: '#' },
        'policy_denied',
        'exchange outside profile allowlist',
      ],
      [{ exchange: 'amq.headers' }, 'policy_denied', 'exchange outside profile allowlist'],
      [{ exchange: outside }, 'policy_denied', 'exchange outside profile allowlist'],
      [{ exchange: 'bad name/x' }, 'invalid_argument', 'invalid exchange name'],
      [{ queue: secret }, 'policy_denied', 'queue outside profile allowlist'],
      [{ queue: '', routing_key: '' }, 'invalid_argument', 'invalid queue name'],
    ])(
      'should refuse %j before connecting and deliver nothing to the forbidden queue',
      async (args, code, message) => {
        expect(await failureOf(publish(args))).toMatchObject({ code, message });
        expect(leases.openCount).toBe(0);
        expect(await secretCount()).toBe(0);
      },
    );

    it('should refuse a named exchange the session allowlist does not name, even when the profile admits it', async () => {
      const outcome = failureOf(
        publish({ exchange: fanout }, { allowed_rabbit_exchanges: 'team.*' }),
      );
      expect(await outcome).toMatchObject({
        code: 'policy_denied',
        message: 'exchange not allowed',
      });
    });

    it('should refuse a queue outside allowed_rabbit_queues in the handler too', async () => {
      const outcome = failureOf(publish({}, { allowed_rabbit_queues: 'team.' }));
      expect(await outcome).toMatchObject({ code: 'policy_denied', message: 'queue not allowed' });
    });

    it('should not admit amq.* exchanges through a wildcard entry', async () => {
      const wide = localProfiles('rabbitmq', { queues: ['wes-test.*'], exchanges: ['*', 'amq.*'] });
      const wideTool = new RabbitPublishTool(wide.profiles, wide.leases);
      const outcome = failureOf(
        runConnectionTool(
          wideTool,
          { profile_id: 'test.rabbitmq', queue, exchange: 'amq.direct', routing_key: secret },
          { metadata: wide.metadata },
        ),
      );
      expect(await outcome).toMatchObject({
        code: 'policy_denied',
        message: 'exchange outside profile allowlist',
      });
      expect(await secretCount()).toBe(0);
    });

    // The documented limit: an allowed exchange is trusted with its bindings.
    it('should publish through an exchange both allowlists admit', async () => {
      const result = await publish(
        { exchange: fanout, routing_key: 'any' },
        { allowed_rabbit_exchanges: 'wes-test.*' },
      );
      expect(result.output).toMatchObject({
        exchange: fanout,
        routing_key: 'any',
        published: true,
      });
      await channel.purgeQueue(secret);
    });
  });
});
