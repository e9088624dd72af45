import { Injectable } from '@nestjs/common';

export type CancelReason = 'session_closed' | 'shutdown' | 'cancelled';

/**
 * How long a cancel for an id this replica does not (yet) run is remembered: the record is saved
 * `running` at C1, before the gates, but only tracked here once it executes (E1), so a cancel in
 * between must still end it. Far longer than the gates take; short enough to stay small.
 */
export const EARLY_CANCEL_MEMORY_MS = 60_000;

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
  /** Cancelled ids not running here when the cancel came, with when to forget them. */
  private readonly earlyCancels = new Map<string, number>();
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
    const forgetAt = this.earlyCancels.get(invocationId);
    if (forgetAt !== undefined) {
      this.earlyCancels.delete(invocationId);
      if (forgetAt > Date.now()) {
        controller.abort('cancelled' satisfies CancelReason);
      }
    }
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

  /**
   * A caller's cancel (API.md 5.18): aborts the invocation when it runs on this replica and returns
   * true; aborting twice is harmless, so a repeated cancel is too. Otherwise the id is remembered
   * for {@link EARLY_CANCEL_MEMORY_MS}, so an invocation still passing its gates here is cancelled
   * as soon as it starts executing; returns false.
   */
  cancel(invocationId: string): boolean {
    const entry = this.running.get(invocationId);
    if (entry) {
      entry.controller.abort('cancelled' satisfies CancelReason);
      return true;
    }
    const now = Date.now();
    for (const [id, forgetAt] of this.earlyCancels) {
      if (forgetAt <= now) {
        this.earlyCancels.delete(id);
      }
    }
    this.earlyCancels.set(invocationId, now + EARLY_CANCEL_MEMORY_MS);
    return false;
  }

  cancelAll(): void {
    for (const entry of this.running.values()) {
      entry.controller.abort('shutdown' satisfies CancelReason);
    }
  }

  /** Whether the invocation is executing on this replica now. */
  holds(invocationId: string): boolean {
    return this.running.has(invocationId);
  }

  /** Ids of the invocations running here now. */
  ids(): string[] {
    return [...this.running.keys()];
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

  /** Resolves when every invocation running now has finished (async ones recorded too). */
  async settled(): Promise<void> {
    await Promise.allSettled([
      ...[...this.running.values()].map((entry) => entry.done),
      ...this.background,
    ]);
  }
}
