import { LimitCounters, type RateScope } from '../limit-counters.port.js';

/** Process-local counters; windows are pruned when a newer window starts, slots when back to 0. */
export class MemoryLimitCounters extends LimitCounters {
  private readonly windows = new Map<string, { minute: number; count: number }>();
  private readonly inFlight = new Map<string, number>();

  async hitWindow(scope: RateScope, id: string, minute: number): Promise<number> {
    const key = windowKey(scope, id);
    const current = this.windows.get(key);
    if (!current || current.minute !== minute) {
      this.pruneBefore(minute);
      this.windows.set(key, { minute, count: 1 });
      return 1;
    }
    current.count += 1;
    return current.count;
  }

  async peekWindow(scope: RateScope, id: string, minute: number): Promise<number> {
    const current = this.windows.get(windowKey(scope, id));
    return current?.minute === minute ? current.count : 0;
  }

  async acquire(sessionId: string): Promise<number> {
    const count = (this.inFlight.get(sessionId) ?? 0) + 1;
    this.inFlight.set(sessionId, count);
    return count;
  }

  async release(sessionId: string): Promise<void> {
    const count = (this.inFlight.get(sessionId) ?? 0) - 1;
    if (count <= 0) {
      this.inFlight.delete(sessionId);
    } else {
      this.inFlight.set(sessionId, count);
    }
  }

  async peekInFlight(sessionId: string): Promise<number> {
    return this.inFlight.get(sessionId) ?? 0;
  }

  private pruneBefore(minute: number): void {
    for (const [key, window] of this.windows) {
      if (window.minute < minute) {
        this.windows.delete(key);
      }
    }
  }
}

const windowKey = (scope: RateScope, id: string): string => `${scope}\u0000${id}`;
