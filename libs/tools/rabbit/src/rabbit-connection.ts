import amqp, { type ChannelModel } from 'amqplib';
import { CallDeadline, type ConnectionLeases, withinBudget } from '#app/connections';

/**
 * A fresh AMQP connection per call (CATALOG.md 13), dial timeout = the call budget. amqplib emits
 * `error` events on connections and channels; they are absorbed here (the failing operation
 * rejects on its own) so that an event never crashes the process or logs an endpoint.
 */
export function runWithRabbit<R>(
  leases: ConnectionLeases,
  endpoint: string,
  timeoutMs: number,
  signal: AbortSignal,
  work: (connection: ChannelModel, deadline: CallDeadline) => Promise<R>,
): Promise<R> {
  const deadline = new CallDeadline(timeoutMs);
  return leases.run(
    {
      kind: 'rabbitmq',
      endpoint,
      deadline,
      signal,
      open: async (budgetMs) => {
        const connection = await amqp.connect(amqpUrl(endpoint), { timeout: budgetMs });
        connection.on('error', ignore);
        return connection;
      },
      close: async (connection) => {
        await withinBudget(connection.close(), 800).catch(() => undefined);
      },
    },
    (connection) => work(connection, deadline),
  );
}

/** Absorbs `error` events of a channel (see {@link runWithRabbit}). */
export function ignore(): void {}

// A scheme-less endpoint is taken as `host:port` of a plain AMQP broker.
function amqpUrl(endpoint: string): string {
  return endpoint.includes('://') ? endpoint : `amqp://${endpoint}`;
}
