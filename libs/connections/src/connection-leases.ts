import { Injectable, type OnApplicationShutdown } from '@nestjs/common';
import { AppException } from '#app/errors';
import { BudgetExpired, type CallDeadline, withinBudget } from './call-deadline.js';
import { toConnectionError } from './connection-failure.js';

/** How long a close (NATS drain, AMQP close, Redis QUIT) may take before it is abandoned. */
export const CLOSE_GRACE_MS = 1_000;

export interface LeaseOptions<C> {
  /** Used in error messages (`nats connection failed: …`). */
  kind: string;
  /** Only used to redact its credentials from error messages; never echoed. */
  endpoint: string;
  deadline: CallDeadline;
  /** The invocation's cancellation signal: an abort closes the connection at once. */
  signal: AbortSignal;
  /** Dials within `timeoutMs` (the client's own connect timeout). */
  open(timeoutMs: number): Promise<C>;
  /** Graceful close; a close that hangs is abandoned after {@link CLOSE_GRACE_MS}. */
  close(connection: C): Promise<void>;
}

/**
 * Per-call connections (CATALOG.md 3.11: opened per call, closed before the handler returns).
 *
 * Design choice: the service keeps **no** pooled connection per profile. A pool would keep
 * credentials and broker sessions alive between invocations, let one broken connection fail later
 * calls, and hide per-tool client names; the spec requires per-call connections. What the service
 * does keep is a registry of the connections currently *leased* by running calls: on application
 * shutdown every live lease is closed, so no socket outlives the process. The dial shares the call's `timeout_ms` budget, so an unreachable endpoint fails
 * with `execution_failed` (retryable) within it; client errors are redacted before they surface.
 */
@Injectable()
export class ConnectionLeases implements OnApplicationShutdown {
  private readonly live = new Set<() => Promise<void>>();
  private shuttingDown = false;

  /** Number of connections currently open (tests and shutdown diagnostics). */
  get openCount(): number {
    return this.live.size;
  }

  /**
   * Opens a connection, runs `work` with it and closes it, whatever happens.
   *
   * @throws AppException `execution_failed` (retryable) when the dial fails or runs out of budget;
   *   `timeout` when `work` lets a {@link BudgetExpired} escape; `execution_failed` (retryable) for
   *   any other client error; `unavailable` once shutdown has started. `AppException`s from `work`
   *   pass unchanged.
   */
  async run<C, R>(options: LeaseOptions<C>, work: (connection: C) => Promise<R>): Promise<R> {
    if (this.shuttingDown) {
      throw new AppException('unavailable', 'service is shutting down');
    }
    const connection = await this.open(options);
    const release = closeOnce(() => options.close(connection));
    this.live.add(release);
    const onAbort = (): void => void release();
    options.signal.addEventListener('abort', onAbort, { once: true });
    try {
      return await work(connection);
    } catch (error) {
      throw toConnectionError(
        error,
        'operation',
        options.kind,
        options.endpoint,
        options.deadline.budgetMs,
      );
    } finally {
      options.signal.removeEventListener('abort', onAbort);
      await release();
      this.live.delete(release);
    }
  }

  async onApplicationShutdown(): Promise<void> {
    this.shuttingDown = true;
    await Promise.all([...this.live].map((release) => release()));
    this.live.clear();
  }

  private async open<C>(options: LeaseOptions<C>): Promise<C> {
    if (options.signal.aborted) {
      throw new AppException(
        'execution_failed',
        `${options.kind} connection failed: call cancelled`,
        { retryable: true },
      );
    }
    const dial = options.open(options.deadline.remainingMs());
    try {
      return await withinBudget(dial, options.deadline.remainingMs());
    } catch (error) {
      if (error instanceof BudgetExpired) {
        // A dial that completes after we gave up must not leak its socket.
        dial.then(
          (late) => closeOnce(() => options.close(late))(),
          () => undefined,
        );
      }
      throw toConnectionError(
        error,
        'connect',
        options.kind,
        options.endpoint,
        options.deadline.budgetMs,
      );
    }
  }
}

function closeOnce(close: () => Promise<void>): () => Promise<void> {
  let closing: Promise<void> | undefined;
  return () => {
    closing ??= withinBudget(Promise.resolve().then(close), CLOSE_GRACE_MS).catch(() => undefined);
    return closing;
  };
}
