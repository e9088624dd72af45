import { MongoClient, MongoServerError } from 'mongodb';
import {
  CallDeadline,
  type ConnectionLeases,
  redactCredentials,
  withinBudget,
} from '#app/connections';
import { AppException } from '#app/errors';

// CATALOG.md 15: disconnect with a 2 s budget (the lease registry abandons a close after 1 s anyway).
const DISCONNECT_BUDGET_MS = 2000;

/**
 * A fresh MongoClient per call (CATALOG.md 15), the endpoint as URI, connect and server
 * selection bounded by the call budget. One pooled connection at most; reads are not retried.
 */
export function runWithMongo<R>(
  leases: ConnectionLeases,
  endpoint: string,
  appName: string,
  timeoutMs: number,
  signal: AbortSignal,
  work: (client: MongoClient, deadline: CallDeadline) => Promise<R>,
): Promise<R> {
  const deadline = new CallDeadline(timeoutMs);
  return leases.run(
    {
      kind: 'mongo',
      endpoint,
      deadline,
      signal,
      open: async (budgetMs) => {
        const client = new MongoClient(endpoint, {
          appName,
          connectTimeoutMS: budgetMs,
          serverSelectionTimeoutMS: budgetMs,
          maxPoolSize: 1,
          retryReads: false,
          retryWrites: false,
          monitorCommands: false,
        });
        return client.connect();
      },
      close: async (client) => {
        await withinBudget(client.close(), DISCONNECT_BUDGET_MS).catch(() => undefined);
      },
    },
    async (client) => {
      try {
        return await work(client, deadline);
      } catch (error) {
        // The server refused the command (bad operator, unknown stage…): retrying cannot help.
        if (error instanceof MongoServerError) {
          const reason = redactCredentials(error.message.replace(/\s+/g, ' ').slice(0, 300), [
            endpoint,
          ]);
          throw new AppException('execution_failed', `mongo operation failed: ${reason}`, {
            retryable: false,
          });
        }
        throw error;
      }
    },
  );
}
