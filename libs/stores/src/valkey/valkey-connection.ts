import type { OnApplicationShutdown } from '@nestjs/common';
import { Redis } from 'ioredis';

/** Where the one Valkey connection of the process points (CONFIG.md 2.4). */
export interface ValkeyConnectionOptions {
  host: string;
  port: number;
  db: number;
  /** AUTH password; never logged and never part of an error message. */
  password?: string;
}

export interface ValkeyTimings {
  /** Startup budget for connect + PING (API.md 12.1 step 3). */
  startupMs: number;
  /** Readiness budget for PING (API.md 5.3). */
  checkMs: number;
}

const DEFAULT_TIMINGS: ValkeyTimings = { startupMs: 5000, checkMs: 2000 };
const CLOSE_BUDGET_MS = 1000;

/**
 * One ioredis client per process, shared by the session store, the invocation store and the limit
 * counters. Commands fail at once while disconnected (no offline queue) and a command in flight
 * fails after `commandTimeout`, so a request never hangs on a dead Valkey; the client keeps
 * reconnecting with a capped backoff, so the service recovers without a restart.
 */
export class ValkeyConnection implements OnApplicationShutdown {
  private lastError: Error | undefined;
  private closed = false;

  private constructor(
    readonly client: Redis,
    /** `host:port` for messages; never carries the password. */
    readonly address: string,
    private readonly timings: ValkeyTimings,
  ) {
    client.on('error', (error: Error) => {
      this.lastError = error;
    });
    client.on('ready', () => {
      this.lastError = undefined;
    });
  }

  /**
   * Connects and waits for `PING` within the startup budget.
   * @throws Error `valkey unreachable at <host:port>: <reason>` (main prints `startup failed: …`).
   */
  static async open(
    options: ValkeyConnectionOptions,
    timings: Partial<ValkeyTimings> = {},
  ): Promise<ValkeyConnection> {
    const budget = { ...DEFAULT_TIMINGS, ...timings };
    const client = new Redis({
      host: options.host,
      port: options.port,
      db: options.db,
      ...(options.password !== undefined ? { password: options.password } : {}),
      lazyConnect: true,
      enableOfflineQueue: false,
      // Commands issued in the same tick by concurrent invocations leave in one write and come back
      // in one read: measured 1.60 -> 1.32x the memory stores' CPU per request at 16 connections
      // (docs/PERFORMANCE.md). Order per connection is unchanged; subscriber duplicates turn it off.
      enableAutoPipelining: true,
      maxRetriesPerRequest: 1,
      connectTimeout: Math.min(3000, budget.startupMs),
      commandTimeout: budget.checkMs,
      // ioredis arms this timer even when the socket is already dead; keep it short so a closed
      // client does not hold the process for the 2 s default.
      disconnectTimeout: 300,
      // Reconnect forever: 100 ms doubling up to 2 s between attempts.
      retryStrategy: (attempt: number) => Math.min(100 * 2 ** Math.min(attempt, 5), 2000),
    });
    const connection = new ValkeyConnection(
      client,
      formatAddress(options.host, options.port),
      budget,
    );
    try {
      await withDeadline(
        client.connect().then(() => client.ping()),
        budget.startupMs,
        `no answer to PING within ${budget.startupMs / 1000} s`,
      );
    } catch (error) {
      client.disconnect();
      connection.closed = true;
      throw new Error(`valkey unreachable at ${connection.address}: ${connection.reason(error)}`);
    }
    return connection;
  }

  /** Readiness probe (API.md 5.3): `null` when `PING` answers within budget, else a short reason. */
  async check(): Promise<string | null> {
    if (this.client.status !== 'ready') {
      return `valkey not connected at ${this.address}: ${this.lastError?.message ?? this.client.status}`;
    }
    try {
      await withDeadline(this.client.ping(), this.timings.checkMs, 'no answer to PING');
      return null;
    } catch (error) {
      return `valkey at ${this.address}: ${this.reason(error)}`;
    }
  }

  /** Closed last (after every destroy hook), so a drain can still write its final records. */
  async onApplicationShutdown(): Promise<void> {
    await this.close();
  }

  async close(): Promise<void> {
    if (this.closed) {
      return;
    }
    this.closed = true;
    // QUIT flushes pending replies; when Valkey is gone it cannot answer, so disconnect regardless.
    await withDeadline(this.client.quit(), CLOSE_BUDGET_MS, 'quit timed out').catch(
      () => undefined,
    );
    this.client.disconnect();
  }

  // ioredis reports a refused connection as "Connection is closed."; the socket error says why.
  private reason(error: unknown): string {
    const message = error instanceof Error ? error.message : String(error);
    if (this.lastError && /Connection is closed|Stream isn't writeable/.test(message)) {
      return this.lastError.message;
    }
    return message;
  }
}

function formatAddress(host: string, port: number): string {
  return host.includes(':') ? `[${host}]:${port}` : `${host}:${port}`;
}

async function withDeadline<T>(work: Promise<T>, ms: number, message: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  // The loser of the race must not surface later as an unhandled rejection.
  work.catch(() => undefined);
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(message)), ms);
  });
  try {
    return await Promise.race([work, deadline]);
  } finally {
    clearTimeout(timer);
  }
}
