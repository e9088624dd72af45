import { Injectable } from '@nestjs/common';

export type CancelReason = 'session_closed' | 'shutdown';

interface InFlight {
  sessionId: string;
  controller: AbortController;
  done: Promise<unknown>;
}

/**
 * Invocations running on this replica, so closing a session or shutting down can cancel them
 * (API.md 5.8, 12.3). The abort reason tells the pipeline which error to record.
 */
@Injectable()
export class InFlightInvocations {
  private readonly running = new Map<string, InFlight>();
  // Async invocations finishing after their answer (API.md 5.10): recording, audit, events.
  private readonly background = new Set<Promise<unknown>>();

  track(
    invocationId: string,
    sessionId: string,
    controller: AbortController,
    done: Promise<unknown>,
  ): void {
    this.running.set(invocationId, { sessionId, controller, done });
    void done.finally(() => this.running.delete(invocationId));
  }

  /**
   * Keeps the rest of an async invocation (run, terminal save, events) until it settles, so a
   * shutdown waits for its record as a synchronous request's answer is waited for.
   */
  keep(work: Promise<unknown>): void {
    this.background.add(work);
    void work.finally(() => this.background.delete(work)).catch(() => undefined);
  }

  cancelSession(sessionId: string): void {
    for (const entry of this.running.values()) {
      if (entry.sessionId === sessionId) {
        entry.controller.abort('session_closed' satisfies CancelReason);
      }
    }
  }

  cancelAll(): void {
    for (const entry of this.running.values()) {
      entry.controller.abort('shutdown' satisfies CancelReason);
    }
  }

  get size(): number {
    return this.running.size;
  }

  /** Resolves when every invocation running now has finished (async ones recorded too). */
  async settled(): Promise<void> {
    await Promise.allSettled([
      ...[...this.running.values()].map((entry) => entry.done),
      ...this.background,
    ]);
  }
}
