import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { LogLine, OutputChannel, OutputChunk, OutputListener } from '#app/contracts';
import type { InvocationProgress } from '#app/tool-registry';

/** Exit status of {@link gatedProgram} when the test never opened the gate. */
export const GATE_NEVER_OPENED = 99;

/** Generous: the machine running the specs may be loaded. */
const HEARD_WITHIN_MS = 30_000;

/** Collects what an `onOutput` listener hears; `heard` waits for some text to have arrived. */
export interface OutputRecorder {
  readonly chunks: OutputChunk[];
  readonly listener: OutputListener;
  /** Everything heard on `channel` (both when absent), joined. */
  text(channel?: OutputChannel): string;
  /** Resolves once {@link text} of `channel` contains `expected`; rejects after 30 s. */
  heard(expected: string, channel?: OutputChannel): Promise<void>;
}

export function recordOutput(): OutputRecorder {
  const chunks: OutputChunk[] = [];
  const text = (channel?: OutputChannel): string =>
    chunks
      .filter((chunk) => channel === undefined || chunk.channel === channel)
      .map((chunk) => chunk.text)
      .join('');
  const waiting = new Waiters();
  return {
    chunks,
    listener: (chunk) => {
      chunks.push(chunk);
      waiting.check();
    },
    text,
    heard: (expected, channel) => waiting.until(() => text(channel).includes(expected), expected),
  };
}

/** An `InvocationProgress` that keeps the lines; `heard` waits for a line with that message. */
export interface ProgressRecorder extends InvocationProgress {
  readonly lines: LogLine[];
  heard(message: string | RegExp): Promise<void>;
}

export function recordProgress(): ProgressRecorder {
  const lines: LogLine[] = [];
  const waiting = new Waiters();
  const matches = (message: string | RegExp): boolean =>
    lines.some((line) =>
      typeof message === 'string' ? line.message === message : message.test(line.message),
    );
  return {
    lines,
    log(line) {
      lines.push(line);
      waiting.check();
    },
    heard: (message) => waiting.until(() => matches(message), String(message)),
  };
}

/**
 * A program that writes `before`, then waits (at most 30 s) for the file `gate` to exist, then
 * writes `after`: it cannot end before the test has heard `before` and opened the gate, so hearing
 * `before` while the run is pending proves the output streamed, with no timing assumption. When
 * the gate never opens it exits {@link GATE_NEVER_OPENED} without writing `after`.
 * Both texts go through `printf '%b'` (so `\\n`, `\\0351` octal bytes…); `>&2` in `redirect` sends
 * them to stderr.
 */
export function gatedProgram(
  gate: string,
  before: string,
  after: string,
  redirect: { before?: '>&2'; after?: '>&2' } = {},
): { command: string; args: string[] } {
  const script = [
    `printf '%b' "$2" ${redirect.before ?? ''}`,
    'i=0',
    'while [ ! -e "$1" ] && [ $i -lt 600 ]; do sleep 0.05; i=$((i+1)); done',
    // Nobody opened the gate: the output was not heard while the program ran.
    `[ -e "$1" ] || exit ${GATE_NEVER_OPENED}`,
    `printf '%b' "$3" ${redirect.after ?? ''}`,
  ].join('\n');
  return { command: 'sh', args: ['-c', script, 'sh', gate, before, after] };
}

/** Opens the gate of {@link gatedProgram}. */
export async function openGate(gate: string): Promise<void> {
  await writeFile(gate, '');
}

/** A fresh gate path inside `dir` (which the program must see). */
export function gatePath(dir: string, name = 'gate'): string {
  return join(dir, `${name}-${process.pid}-${Math.random().toString(36).slice(2)}`);
}

class Waiters {
  private readonly pending: Array<() => void> = [];

  check(): void {
    for (const wake of this.pending.splice(0)) {
      wake();
    }
  }

  until(condition: () => boolean, what: string): Promise<void> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`not heard within ${HEARD_WITHIN_MS} ms: ${what}`)),
        HEARD_WITHIN_MS,
      );
      const test = (): void => {
        if (condition()) {
          clearTimeout(timer);
          resolve();
        } else {
          this.pending.push(test);
        }
      };
      test();
    });
  }
}
