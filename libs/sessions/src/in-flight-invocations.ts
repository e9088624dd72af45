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

  track(
    invocationId: string,
    sessionId: string,
    controller: AbortController,
    done: Promise<unknown>,
  ): void {
    this.running.set(invocationId, { sessionId, controller, done });
    void done.finally(() => this.running.delete(invocationId));
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

  /** True while an invocation of the session runs on this replica (API.md 8.2: never idle then). */
  hasSession(sessionId: string): boolean {
    for (const entry of this.running.values()) {
      if (entry.sessionId === sessionId) {
        return true;
      }
    }
    return false;
  }

  /** Sessions with an invocation running on this replica. */
  sessionIds(): Set<string> {
    return new Set([...this.running.values()].map((entry) => entry.sessionId));
  }

  get size(): number {
    return this.running.size;
  }

  /** Resolves when every invocation running now has finished. */
  async settled(): Promise<void> {
    await Promise.allSettled([...this.running.values()].map((entry) => entry.done));
  }
}
