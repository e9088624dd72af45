import { Redis, type RedisOptions } from 'ioredis';
import { CallDeadline, type ConnectionLeases, withinBudget } from '#app/connections';

/**
 * A new client per call (CATALOG.md 14): no reconnects, no offline queue, no retries, so an
 * unreachable server fails the call at once instead of queueing commands. `error` events are
 * absorbed here; the failing command or connect rejects on its own.
 */
export function runWithRedis<R>(
  leases: ConnectionLeases,
  endpoint: string,
  timeoutMs: number,
  signal: AbortSignal,
  work: (client: Redis, deadline: CallDeadline) => Promise<R>,
): Promise<R> {
  const deadline = new CallDeadline(timeoutMs);
  return leases.run(
    {
      kind: 'redis',
      endpoint,
      deadline,
      signal,
      open: async (budgetMs) => {
        const client = createClient(endpoint, {
          lazyConnect: true,
          connectTimeout: budgetMs,
          retryStrategy: () => null,
          maxRetriesPerRequest: 0,
          enableOfflineQueue: false,
          connectionName: 'workspace-tool-redis',
        });
        client.on('error', () => undefined);
        try {
          await client.connect();
        } catch (error) {
          client.disconnect();
          throw error;
        }
        return client;
      },
      close: async (client) => {
        await withinBudget(client.quit(), 500).catch(() => client.disconnect());
      },
    },
    (client) => work(client, deadline),
  );
}

/** Runs one command within the call budget; running out surfaces as `timeout` (ConnectionLeases). */
export function command<T>(work: Promise<T>, deadline: CallDeadline): Promise<T> {
  return withinBudget(work, deadline.remainingMs());
}

// An endpoint containing `://` is a `redis://`/`rediss://` URL, otherwise `host:port`.
function createClient(endpoint: string, options: RedisOptions): Redis {
  if (endpoint.includes('://')) {
    return new Redis(endpoint, options);
  }
  const match = /^\[?([^\]]*?)\]?(?::(\d+))?$/.exec(endpoint.trim());
  const host = match?.[1] || '127.0.0.1';
  const port = match?.[2] === undefined ? 6379 : Number(match[2]);
  return new Redis({ ...options, host, port });
}
