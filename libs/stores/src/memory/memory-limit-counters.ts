import { LimitCounters } from '../limit-counters.port.js';

/** Process-local counters; windows are pruned when a newer window starts, slots when back to 0. */
export class MemoryLimitCounters extends LimitCounters {
  private readonly windows = new Map<string, { windowId: number; count: number }>();
  private readonly inFlight = new Map<string, number>();

  async hitWindow(key: string, windowId: number): Promise<number> {
    const current = this.windows.get(key);
    if (!current || current.windowId !== windowId) {
      this.pruneBefore(windowId);
      this.windows.set(key, { windowId, count: 1 });
      return 1;
    }
    current.count += 1;
    return current.count;
  }

  async acquire(key: string): Promise<number> {
    const count = (this.inFlight.get(key) ?? 0) + 1;
    this.inFlight.set(key, count);
    return count;
  }

  async release(key: string): Promise<void> {
    const count = (this.inFlight.get(key) ?? 0) - 1;
    if (count <= 0) {
      this.inFlight.delete(key);
    } else {
      this.inFlight.set(key, count);
    }
  }

  private pruneBefore(windowId: number): void {
    for (const [key, window] of this.windows) {
      if (window.windowId < windowId) {
        this.windows.delete(key);
      }
    }
  }
}
