import { Clock } from '#app/stores';

// State shared by the fixture tools and the specs that drive them: a hand-moved clock, start
// counters and the gate a blocking tool waits on.

/** A clock the tests move by hand; starts 15 s into a UTC minute so Retry-After is predictable. */
export class FakeClock extends Clock {
  time = Date.parse('2030-01-01T00:00:15.000Z');

  now(): number {
    return this.time;
  }

  advance(ms: number): void {
    this.time += ms;
  }
}

/** Shared by the fixture tools and the tests of one file (each spec file has its own module graph). */
export const fixtureClock = new FakeClock();

/** How many times each fixture handler started. */
export const executions = new Map<string, number>();

/** Counts one start of the fixture tool `name` in `executions`. */
export function started(name: string): void {
  executions.set(name, (executions.get(name) ?? 0) + 1);
}

/** Lets a test hold `fixture.block` inside its handler until it decides. */
export class Gate {
  private opened!: () => void;
  readonly entered: Promise<void>;
  private enter!: () => void;
  readonly open: Promise<void>;

  constructor() {
    this.open = new Promise((resolve) => (this.opened = resolve));
    this.entered = new Promise((resolve) => (this.enter = resolve));
  }

  arrive(): void {
    this.enter();
  }

  release(): void {
    this.opened();
  }
}

export const gates: { current: Gate } = { current: new Gate() };
