import { Injectable } from '@nestjs/common';

export type CancelReason = 'session_closed' | 'shutdown' | 'cancelled';

interface InFlight {
  sessionId: string;
  controller: AbortController;
  done: Promise<unknown>;
}

/**
 * Invocations running on this replica, so closing a session, shutting down or a caller's cancel
 * (API.md 5.8, 12.3, 5.18) can end them. The abort reason tells the pipeline which error to record.
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

  /**
   * A caller's cancel (API.md 5.18): aborts the invocation when it runs on this replica. Returns
   * whether it did; aborting twice is harmless, so a repeated cancel is too.
   */
  cancel(invocationId: string): boolean {
    const entry = this.running.get(invocationId);
    entry?.controller.abort('cancelled' satisfies CancelReason);
    return entry !== undefined;
  }

  cancelAll(): void {
    for (const entry of this.running.values()) {
      entry.controller.abort('shutdown' satisfies CancelReason);
    }
  }

  get size(): number {
    return this.running.size;
  }

  /** Resolves when every invocation running now has finished. */
  async settled(): Promise<void> {
    await Promise.allSettled([...this.running.values()].map((entry) => entry.done));
  }
}
