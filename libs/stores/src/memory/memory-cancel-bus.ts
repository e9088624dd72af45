import { CancelBus, type CancelListener } from '../cancel-bus.port.js';

/** One process is the whole service: a cancel is delivered synchronously to this process. */
export class MemoryCancelBus extends CancelBus {
  private readonly listeners: CancelListener[] = [];

  async publish(invocationId: string): Promise<void> {
    for (const listener of this.listeners) {
      listener(invocationId);
    }
  }

  // Delivered synchronously, to the only replica there is: nothing can have been missed.
  async requested(): Promise<string[]> {
    return [];
  }

  async listen(listener: CancelListener): Promise<void> {
    this.listeners.push(listener);
  }

  get listening(): boolean {
    return true;
  }
}
