import { jest } from '@jest/globals';
import { EARLY_CANCEL_MEMORY_MS, InFlightInvocations } from './in-flight-invocations.js';

describe('InFlightInvocations cancels (API.md 5.18)', () => {
  const never = new Promise<unknown>(() => undefined);

  afterEach(() => {
    jest.useRealTimers();
  });

  it('should abort a running invocation with reason cancelled and leave the others running', () => {
    const inFlight = new InFlightInvocations();
    const mine = new AbortController();
    const other = new AbortController();
    inFlight.track('inv-a', 'session-1', mine, never);
    inFlight.track('inv-b', 'session-1', other, never);

    expect([inFlight.holds('inv-a'), inFlight.holds('inv-z')]).toEqual([true, false]);
    expect(inFlight.cancel('inv-a')).toBe(true);

    expect(mine.signal.reason).toBe('cancelled');
    expect(other.signal.aborted).toBe(false);
  });

  it('should cancel an invocation that starts executing after the cancel came (still in its gates)', () => {
    const inFlight = new InFlightInvocations();
    expect(inFlight.cancel('inv-early')).toBe(false);

    const controller = new AbortController();
    inFlight.track('inv-early', 'session-1', controller, never);

    expect(controller.signal.reason).toBe('cancelled');
  });

  it('should forget an early cancel once used, and after its memory time', () => {
    jest.useFakeTimers();
    const inFlight = new InFlightInvocations();
    inFlight.cancel('inv-once');
    inFlight.track('inv-once', 's', new AbortController(), Promise.resolve());
    inFlight.cancel('inv-late');
    jest.setSystemTime(Date.now() + EARLY_CANCEL_MEMORY_MS + 1);

    const again = new AbortController();
    inFlight.track('inv-once', 's', again, never);
    const late = new AbortController();
    inFlight.track('inv-late', 's', late, never);

    expect(again.signal.aborted).toBe(false);
    expect(late.signal.aborted).toBe(false);
  });

  it('should stop holding an invocation once it is done', async () => {
    const inFlight = new InFlightInvocations();
    let finish!: () => void;
    const done = new Promise<void>((resolve) => (finish = resolve));
    inFlight.track('inv-done', 's', new AbortController(), done);
    finish();
    await done;
    await Promise.resolve();

    expect(inFlight.size).toBe(0);
  });
});
