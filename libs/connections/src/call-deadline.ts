/**
 * One time budget for a whole call (dial plus operation), so `timeout_ms` bounds the call and an
 * unreachable endpoint can never outlive the tool's deadline.
 */
export class CallDeadline {
  private readonly endsAt: number;

  constructor(readonly budgetMs: number) {
    this.endsAt = Date.now() + budgetMs;
  }

  /** Milliseconds left, at least 1 so that client timeouts stay valid. */
  remainingMs(): number {
    return Math.max(1, this.endsAt - Date.now());
  }

  expired(): boolean {
    return Date.now() >= this.endsAt;
  }
}

/** Marks a wait that ran out of budget; callers turn it into the error (or end) they document. */
export class BudgetExpired extends Error {
  constructor() {
    super('budget expired');
    this.name = 'BudgetExpired';
  }
}

/** Resolves like `work`, or rejects with {@link BudgetExpired} after `ms`. The timer never leaks. */
export async function withinBudget<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const expiry = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new BudgetExpired()), ms);
  });
  try {
    return await Promise.race([work, expiry]);
  } finally {
    clearTimeout(timer);
  }
}

/** Waits `ms`, or less when the signal aborts. */
export function pause(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    function done(): void {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    }
    signal?.addEventListener('abort', done, { once: true });
  });
}
