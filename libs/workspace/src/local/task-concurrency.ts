/** Awaits every promise, then rethrows the first rejection (if any). */
export async function settleAll(promises: Array<Promise<void>>): Promise<void> {
  const results = await Promise.allSettled(promises);
  const failure = results.find(
    (result): result is PromiseRejectedResult => result.status === 'rejected',
  );
  if (failure !== undefined) {
    throw failure.reason;
  }
}

/** A counting semaphore: at most `size` tasks run at once, the rest wait in FIFO order. */
export function limiter(size: number): <T>(task: () => Promise<T>) => Promise<T> {
  let active = 0;
  const waiting: Array<() => void> = [];
  const release = (): void => {
    const next = waiting.shift();
    // The slot passes straight to the next waiter, so a newcomer cannot slip in between.
    if (next === undefined) {
      active--;
    } else {
      next();
    }
  };
  return async <T>(task: () => Promise<T>): Promise<T> => {
    if (active >= size) {
      await new Promise<void>((resolve) => waiting.push(resolve));
    } else {
      active++;
    }
    try {
      return await task();
    } finally {
      release();
    }
  };
}
