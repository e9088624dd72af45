import amqp, { type Channel, type ChannelModel } from 'amqplib';
import { LOCAL_SERVICES } from '#app/connections/testing';

/** A direct AMQP connection for arranging and inspecting queues in tests. */
export async function openTestBroker(): Promise<{ connection: ChannelModel; channel: Channel }> {
  const connection = await amqp.connect(LOCAL_SERVICES.rabbitmq.endpoint, { timeout: 2000 });
  connection.on('error', () => undefined);
  const channel = await connection.createChannel();
  return { connection, channel };
}
