import { connect, type NatsConnection } from '@nats-io/transport-node';
import { CallDeadline, type ConnectionLeases, withinBudget } from '#app/connections';

/**
 * A fresh connection per call (CATALOG.md 11), no reconnects: a lost connection fails the call
 * instead of waiting. Drained on release; a drain that hangs is cut short by a hard close.
 */
export function runWithNats<R>(
  leases: ConnectionLeases,
  endpoint: string,
  clientName: string,
  timeoutMs: number,
  signal: AbortSignal,
  work: (connection: NatsConnection, deadline: CallDeadline) => Promise<R>,
): Promise<R> {
  const deadline = new CallDeadline(timeoutMs);
  return leases.run(
    {
      kind: 'nats',
      endpoint,
      deadline,
      signal,
      open: (budgetMs) =>
        connect({
          servers: endpoint.split(',').map((server) => server.trim()),
          name: clientName,
          timeout: budgetMs,
          reconnect: false,
          maxReconnectAttempts: 0,
        }),
      close: async (connection) => {
        try {
          await withinBudget(connection.drain(), 500);
        } catch {
          await connection.close();
        }
      },
    },
    (connection) => work(connection, deadline),
  );
}
